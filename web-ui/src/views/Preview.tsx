import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LinkResolver } from './link-resolver';
import { renderMarkdown, wikiLinkNames } from './markdown';

/** Large notes re-render after a pause in typing instead of on every keystroke. */
const LARGE = 20_000;

function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (delayMs === 0) {
      setSettled(value);
      return undefined;
    }
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs === 0 ? value : settled;
}

/**
 * Card content rendered from Markdown through the sanitizer. `[[Name]]` links open that card (or
 * start one with that name when none exists); http(s)/mailto links are opened outside the app by
 * the page-wide link handler; no other link navigates.
 */
export function Preview({ content, links, onOpenCard }: {
  content: string;
  links: LinkResolver;
  onOpenCard: (name: string) => void;
}) {
  const text = useSettled(content, content.length > LARGE ? 250 : 0);
  const names = useMemo(() => wikiLinkNames(text), [text]);
  const epoch = links.epoch.value;
  useEffect(() => links.resolve(names), [names, epoch]);
  const known = links.known.value;
  const html = useMemo(() => renderMarkdown(text, (name) => known.get(name.trim().toLowerCase())), [text, known]);

  if (text.trim() === '') {
    return (
      <div class="preview preview-empty" data-testid="preview">
        <p class="muted">Nothing to preview yet. Markdown works here: **bold**, # headings, lists, and [[Card name]] links.</p>
      </div>
    );
  }
  return (
    <div
      class="preview markdown"
      data-testid="preview"
      // Sanitized by renderMarkdown (DOMPurify) before it gets here.
      dangerouslySetInnerHTML={{ __html: html }}
      onClick={(e) => {
        const anchor = e.target instanceof Element ? e.target.closest('a') : null;
        if (!anchor) return;
        // External links were already handled (and default-prevented) by the page's link handler.
        if (anchor.hasAttribute('data-card-link')) {
          e.preventDefault();
          onOpenCard(anchor.getAttribute('data-card-name') ?? '');
        } else if (!e.defaultPrevented) {
          e.preventDefault();
        }
      }}
    />
  );
}
