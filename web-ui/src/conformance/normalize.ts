/**
 * Makes provider results comparable between stores: ids become #1, #2, ... in order of first
 * appearance, timestamps become "<time>", and snippets become the words they highlight.
 */

const UUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID_KEYS = new Set(['id', 'sourceId', 'targetId', 'viaCardId', 'cardId']);

export class Normalizer {
  private readonly ids = new Map<string, string>();

  id(value: string): string {
    let n = this.ids.get(value);
    if (n === undefined) {
      n = `#${this.ids.size + 1}`;
      this.ids.set(value, n);
    }
    return n;
  }

  value(v: unknown, key = ''): unknown {
    if (v === null || v === undefined) return v ?? null;
    if (typeof v === 'string') {
      if (key === 'snippet') return highlighted(v);
      if (TIME.test(v)) return '<time>';
      if ((ID_KEYS.has(key) && key !== 'sourceId') || UUIDISH.test(v)) return this.id(v);
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) out[k] = this.value((v as Record<string, unknown>)[k], k);
      return out;
    }
    return v;
  }
}

/**
 * The words a snippet marks (U+0002 … U+0003), lower-cased and sorted. FTS5 marks a matched phrase
 * as one span and FTS4 each of its words, so spans are split into words.
 */
export function highlighted(snippet: string): string[] {
  const out = new Set<string>();
  for (const m of snippet.matchAll(/\u0002([^\u0003]*)\u0003/g)) {
    for (const word of m[1]!.toLowerCase().split(/\s+/)) if (word !== '') out.add(word);
  }
  return [...out].sort();
}

/** An error as the kind it was (providers reject with BridgeError-shaped errors). */
export async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return typeof e === 'object' && e !== null && 'kind' in e ? String((e as { kind: unknown }).kind) : 'not-a-bridge-error';
  }
}
