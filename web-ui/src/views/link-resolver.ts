import { signal } from '@preact/signals';
import type { Provider } from '../data/provider';

const key = (name: string): string => name.trim().toLowerCase();

/**
 * Knows which `[[Name]]` links point at a live card, so the preview can show missing ones. Each
 * name is looked up once (cards:findByName) until the cards change. One instance per app.
 */
export class LinkResolver {
  /** Lower-cased name → whether a live card has it. Absent: not looked up yet. */
  readonly known = signal<ReadonlyMap<string, boolean>>(new Map());
  private readonly asking = new Set<string>();
  /** Names answered since the cards last changed; the others are asked again (keeping the old answer meanwhile). */
  private readonly fresh = new Set<string>();
  /** Bumped when the cards change, so views holding names resolve them again. */
  readonly epoch = signal(0);
  private generation = 0;

  constructor(private readonly provider: Provider) {}

  /** true / false once known; undefined while unknown. */
  exists(name: string): boolean | undefined {
    return this.known.value.get(key(name));
  }

  /** Looks up the names not known yet. */
  resolve(names: Iterable<string>): void {
    const generation = this.generation;
    for (const name of names) {
      const k = key(name);
      if (k === '' || this.fresh.has(k) || this.asking.has(k)) continue;
      this.asking.add(k);
      this.provider.findCardByName(name.trim()).then(
        (card) => {
          if (generation !== this.generation) return;
          this.asking.delete(k);
          this.fresh.add(k);
          this.known.value = new Map(this.known.peek()).set(k, card !== null);
        },
        () => {
          // Unknown stays unknown (shown as an ordinary link) until the cards change.
          if (generation !== this.generation) return;
          this.asking.delete(k);
          this.fresh.add(k);
        },
      );
    }
  }

  /** Cards were created, renamed, trashed or restored: ask again, showing the old answers meanwhile. */
  invalidate(): void {
    this.generation++;
    this.asking.clear();
    this.fresh.clear();
    this.epoch.value++;
  }
}
