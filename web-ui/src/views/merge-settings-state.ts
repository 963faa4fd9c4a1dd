import { signal } from '@preact/signals';
import type { Provider } from '../data/provider';
import type { MergeStrategy } from '../model';
import { describeError } from './format';

/**
 * The settings view's part for conflicting edits: which strategy settles each field when two edits
 * change it differently. Each change is written at once; a refused one puts back what was shown.
 */
export class MergeSettingsState {
  /** Field wire name → strategy in force; null until read. */
  readonly strategies = signal<Record<string, MergeStrategy> | null>(null);
  readonly saving = signal(false);

  constructor(
    private readonly provider: Provider,
    private readonly error: (message: string) => void,
  ) {}

  async load(): Promise<void> {
    try {
      this.strategies.value = (await this.provider.getSettings()).mergeStrategies;
    } catch (e) {
      this.error(describeError(e, 'read the merge settings'));
    }
  }

  /** One field's strategy; the others keep theirs. */
  async set(field: string, strategy: MergeStrategy): Promise<void> {
    const current = this.strategies.peek();
    if (current === null || current[field] === strategy) return;
    const next = { ...current, [field]: strategy };
    await this.write(next, next);
  }

  /** Back to the defaults: a person settles content, the later edit wins elsewhere. */
  async reset(): Promise<void> {
    await this.write({}, this.strategies.peek());
  }

  private async write(setting: Record<string, MergeStrategy>, shown: Record<string, MergeStrategy> | null): Promise<void> {
    const before = this.strategies.peek();
    this.strategies.value = shown;
    this.saving.value = true;
    try {
      this.strategies.value = (await this.provider.updateSettings({ mergeStrategies: setting })).mergeStrategies;
    } catch (e) {
      this.strategies.value = before;
      this.error(describeError(e, 'change the merge settings'));
    } finally {
      this.saving.value = false;
    }
  }
}
