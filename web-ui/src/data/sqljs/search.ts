/**
 * Search text → FTS4 match expression, and a bm25 rank computed from FTS4's matchinfo, so the sql.js
 * store finds and orders cards like the native FTS5 one (see docs/decisions/0045).
 */

/** Column weights of the native ranking: name, content, summary, tags, folder. */
export const WEIGHTS = [10.0, 1.0, 3.0, 2.0, 2.0] as const;

function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}_\p{Mn}]/u.test(ch);
}

/**
 * What a person typed as a safe FTS4 expression (Java's SearchQuery.toFts, in FTS4's syntax): every
 * word must match, the last one as a prefix while it is being typed, text in double quotes as a
 * phrase. Null when there is nothing to search for.
 */
export function toFts4(text: string): string | null {
  const parts: string[] = [];
  let word = '';
  let lastWordOpen = false;
  const addWord = (): void => {
    if (word.length > 0) parts.push(`"${word}"`);
    word = '';
  };
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '"') {
      addWord();
      let close = chars.indexOf('"', i + 1);
      if (close < 0) close = chars.length;
      const phrase = chars.slice(i + 1, close).join('').trim();
      if (/[\p{L}\p{N}]/u.test(phrase)) parts.push(`"${phrase}"`);
      i = close;
      lastWordOpen = false;
      continue;
    }
    if (isWordChar(ch)) {
      word += ch;
      lastWordOpen = true;
    } else {
      addWord();
      lastWordOpen = false;
    }
  }
  const prefixLast = lastWordOpen && word.length > 0;
  addWord();
  if (parts.length === 0) return null;
  if (prefixLast) {
    const last = parts.length - 1;
    parts[last] = parts[last]!.slice(0, -1) + '*"';
  }
  return parts.join(' ');
}

const ADVANCED = /\b(OR|NOT|AND|NEAR)\b|[()*^:{}]/;

/** True when the text uses operators in capitals, so it is tried as a match expression first. */
export function looksAdvanced(text: string): boolean {
  return ADVANCED.test(text);
}

/** True when SQLite refused the match expression (not any other failure). */
export function isSyntaxError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /malformed MATCH|unknown special query|no such column|fts[34]|unable to use function MATCH/i.test(m);
}

export function describeSyntaxError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (m.includes('no such column')) return 'a word followed by a colon is read as a field name';
  return 'syntax error';
}

export const SYNTAX_HINT = (why: string): string =>
  `The search syntax was not understood (${why}), so these are matches for the words alone. Use quotes for phrases, ` +
  'and OR, NOT, NEAR and parentheses in capitals.';

/**
 * FTS5's bm25 (k1 = 1.2, b = 0.75, the column weights applied to term frequency, negated so that
 * smaller is better) from FTS4's matchinfo(…, 'pcnalx'). One difference: FTS4 counts the rows holding
 * a phrase per column, so a phrase's document frequency is the largest per-column count (a floor of
 * FTS5's figure); ties and near ties may order differently.
 */
export function bm25(matchinfo: Uint8Array, ...weights: number[]): number {
  const copy = matchinfo.slice();
  const v = new Uint32Array(copy.buffer, 0, copy.byteLength >> 2);
  const p = v[0]!;
  const c = v[1]!;
  const n = v[2]!;
  let avgdl = 0;
  let dl = 0;
  for (let i = 0; i < c; i++) {
    avgdl += v[3 + i]!;
    dl += v[3 + c + i]!;
  }
  if (avgdl <= 0) avgdl = 1;
  const x = 3 + 2 * c;
  const k1 = 1.2;
  const b = 0.75;
  let score = 0;
  for (let i = 0; i < p; i++) {
    let tf = 0;
    let docs = 0;
    for (let j = 0; j < c; j++) {
      const at = x + 3 * (i * c + j);
      tf += (weights[j] ?? 1) * v[at]!;
      docs = Math.max(docs, v[at + 2]!);
    }
    let idf = Math.log((n - docs + 0.5) / (docs + 0.5));
    if (idf <= 0) idf = 1e-6;
    score += (idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * dl) / avgdl));
  }
  return -score;
}
