/**
 * `[[Card name]]` links in Markdown content, found and rewritten exactly as Java's LinkParser does:
 * `[[Name]]`, `[[Name|shown text]]`, `[[Name#Heading]]`; names compare without regard to case.
 */

const LINK = /\[\[([^[\]|#\n]{1,300}?)((?:[|#][^[\]\n]*)?)\]\]/g;

export function linkKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The distinct names linked from `content`, in order of first appearance. */
export function linkNames(content: string | null): string[] {
  if (content === null || !content.includes('[[')) return [];
  const byKey = new Map<string, string>();
  for (const m of content.matchAll(LINK)) {
    const name = m[1]!.trim();
    if (name !== '' && !byKey.has(linkKey(name))) byKey.set(linkKey(name), name);
  }
  return [...byKey.values()];
}

/** `content` with every link to `oldName` pointing at `newName` instead. */
export function renameLinks(content: string, oldName: string, newName: string): string {
  if (!content.includes('[[')) return content;
  const oldKey = linkKey(oldName);
  return content.replace(LINK, (whole, name: string, rest: string) =>
    linkKey(name.trim()) === oldKey ? `[[${newName}${rest}]]` : whole);
}
