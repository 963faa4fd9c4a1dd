/** Search snippets mark matches with these control characters (see cards:search). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * Splits a snippet into plain and matched parts. Unbalanced markers are tolerated: an unclosed
 * start marks to the end, a stray end marker is dropped.
 */
export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const push = (): void => {
    if (text.length > 0) parts.push({ text, match });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === MATCH_START) {
      push();
      match = true;
    } else if (ch === MATCH_END) {
      push();
      match = false;
    } else {
      text += ch;
    }
  }
  push();
  return parts;
}

/** Renders a snippet as text nodes and <mark> elements only; markup in it stays text. */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <span class="snippet">
      {parseSnippet(snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
    </span>
  );
}
