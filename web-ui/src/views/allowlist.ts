/**
 * The second gate after DOMPurify: a strict allowlist walk over the sanitized markup, so what the
 * preview shows never depends on one library alone. Elements not listed are unwrapped (their text
 * kept), or dropped with their content when that content is code or foreign markup; attributes
 * not listed for their element are removed; URLs are checked again.
 */

const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'svg', 'math', 'iframe', 'frame', 'frameset', 'object', 'embed', 'noscript',
  'noembed', 'noframes', 'textarea', 'select', 'option', 'button', 'title', 'head', 'xmp', 'plaintext', 'applet',
  'audio', 'video', 'canvas', 'dialog', 'form', 'input', 'link', 'meta', 'base', 'portal',
]);

const ALLOWED: Record<string, readonly string[]> = {
  a: ['href', 'title', 'rel', 'class', 'data-card-link', 'data-card-name', 'data-missing'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  code: ['class'],
  ol: ['start'],
  td: ['align', 'colspan', 'rowspan'],
  th: ['align', 'colspan', 'rowspan'],
  details: ['open'],
  abbr: ['title'],
};

const PLAIN = [
  'p', 'br', 'hr', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'kbd', 'samp',
  'var', 'cite', 'q', 'blockquote', 'pre', 'ul', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'div', 'span', 'summary', 'figure', 'figcaption',
];
for (const tag of PLAIN) ALLOWED[tag] = ALLOWED[tag] ?? [];

const CLASS_OK = /^(wikilink( wikilink-missing)?|language-[\w-]{1,40})$/;
const HREF_OK = /^(https?:|mailto:|#)/i;
const IMG_OK = /^data:image\/(png|gif|jpe?g|webp);/i;

function cleanAttributes(el: Element, tag: string): void {
  const allowed = ALLOWED[tag] ?? [];
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    const value = attr.value.trim();
    let keep = allowed.includes(name);
    if (keep && name === 'href') keep = HREF_OK.test(value.replace(/[\u0000-\u0020]/g, ''));
    if (keep && name === 'src') keep = IMG_OK.test(value);
    if (keep && name === 'class') keep = CLASS_OK.test(value);
    if (keep && /^\s*javascript:/i.test(value)) keep = false;
    if (!keep) el.removeAttribute(attr.name);
  }
  if (tag === 'a') {
    if (el.hasAttribute('data-card-link')) {
      el.setAttribute('href', '#');
    } else if (/^(https?:|mailto:)/i.test(el.getAttribute('href') ?? '')) {
      el.setAttribute('rel', 'noopener noreferrer');
      if (!el.hasAttribute('title')) el.setAttribute('title', el.getAttribute('href') ?? '');
    } else {
      el.removeAttribute('rel');
    }
  }
}

function walk(parent: Node): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 3) continue; // text
    if (node.nodeType !== 1) {
      parent.removeChild(node); // comments, processing instructions, CDATA
      continue;
    }
    const el = node as Element;
    const tag = el.nodeName.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag) || el.namespaceURI !== null && el.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      parent.removeChild(el);
      continue;
    }
    if (!(tag in ALLOWED)) {
      walk(el);
      while (el.firstChild) parent.insertBefore(el.firstChild, el);
      parent.removeChild(el);
      continue;
    }
    cleanAttributes(el, tag);
    walk(el);
  }
}

/** `html` with only allowlisted elements, attributes and URLs left; parsed in an inert document. */
export function enforceAllowlist(html: string): string {
  const doc = document.implementation.createHTMLDocument('');
  const container = doc.createElement('div');
  container.innerHTML = html;
  walk(container);
  return container.innerHTML;
}
