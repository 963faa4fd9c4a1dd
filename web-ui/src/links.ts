const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The absolute URL when `href` should open outside the app, else null. */
export function externalUrl(href: string, baseUri: string): string | null {
  let url: URL;
  try {
    url = new URL(href, baseUri);
  } catch {
    return null;
  }
  return EXTERNAL_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/**
 * Routes clicks on http(s) and mailto links to `open` instead of letting the WebView navigate away
 * from the app. Returns the function that removes the listener.
 */
export function interceptExternalLinks(doc: Document, open: (url: string) => void): () => void {
  const onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0) return;
    const target = e.target instanceof Element ? e.target : null;
    const anchor = target?.closest('a[href]');
    if (!anchor) return;
    const url = externalUrl(anchor.getAttribute('href') ?? '', doc.baseURI);
    if (url === null) return;
    e.preventDefault();
    open(url);
  };
  doc.addEventListener('click', onClick, true);
  return () => doc.removeEventListener('click', onClick, true);
}
