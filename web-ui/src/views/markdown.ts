import createDOMPurify, { type DOMPurify } from 'dompurify';
import MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { enforceAllowlist } from './allowlist';

/**
 * Markdown for card content: markdown-it, then DOMPurify. Content is hostile until proven otherwise
 * (imported files, pasted pages): no script, event handler, javascript: URL, SVG, MathML, form,
 * frame or style survives, and the only links left are http(s)/mailto (opened outside the app by
 * the page's link handler) and `[[Card name]]` links, which open a card in the app. After DOMPurify
 * an allowlist walk (allowlist.ts) checks the result again.
 */

export interface WikiLink {
  /** The card name, as written. */
  name: string;
  /** What to show: the part after `|`, else the name (and heading). */
  label: string;
}

/**
 * `[[Name]]`, `[[Name|shown text]]` or `[[Name#Heading]]` on one line, as Obsidian writes them and
 * as the store's LinkParser reads them: the name cannot contain `[`, `]`, `|` or `#`.
 */
const WIKI_LINK = /\[\[([^[\]|#\n]{1,300}?)((?:[|#][^[\]\n]*)?)\]\]/g;

/** Parses the link at `text`'s start ("[[...]]"), or null. */
function wikiLinkAt(src: string, pos: number): { link: WikiLink; end: number } | null {
  if (src.charCodeAt(pos) !== 0x5b || src.charCodeAt(pos + 1) !== 0x5b) return null;
  const re = new RegExp(WIKI_LINK.source, 'y');
  re.lastIndex = pos;
  const m = re.exec(src);
  if (!m) return null;
  const name = m[1]!.trim();
  if (name === '') return null;
  const suffix = m[2] ?? '';
  const bar = suffix.lastIndexOf('|');
  const shown = bar >= 0 ? suffix.slice(bar + 1).trim() : '';
  const heading = suffix.startsWith('#') ? suffix.slice(1, bar >= 0 ? bar : undefined).trim() : '';
  const label = shown !== '' ? shown : heading !== '' ? `${name} › ${heading}` : name;
  return { link: { name, label }, end: re.lastIndex };
}

/** The distinct card names linked from `content`, in order. */
export function wikiLinkNames(content: string): string[] {
  const seen = new Map<string, string>();
  for (const m of content.matchAll(WIKI_LINK)) {
    const name = m[1]!.trim();
    if (name !== '' && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

interface RenderEnv {
  /** true / false when known, undefined while being looked up. */
  exists?: (name: string) => boolean | undefined;
}

function wikiLinkRule(state: StateInline, silent: boolean): boolean {
  const found = wikiLinkAt(state.src, state.pos);
  if (!found) return false;
  if (!silent) {
    const token = state.push('wikilink', '', 0);
    token.meta = found.link;
  }
  state.pos = found.end;
  return true;
}

const md = new MarkdownIt({ html: true, linkify: true, typographer: false, breaks: false });
md.inline.ruler.before('link', 'wikilink', wikiLinkRule);
md.renderer.rules['wikilink'] = (tokens, idx, _options, env: RenderEnv) => {
  const { name, label } = tokens[idx]!.meta as WikiLink;
  const escape = md.utils.escapeHtml;
  const exists = env.exists?.(name);
  const missing = exists === false;
  const title = missing ? `No card named “${name}” yet — click to create it` : `Open “${name}”`;
  return `<a href="#" class="wikilink${missing ? ' wikilink-missing' : ''}" data-card-link="" data-card-name="${escape(name)}"` +
    `${missing ? ' data-missing=""' : ''} title="${escape(title)}">${escape(label)}</a>`;
};

const EXTERNAL = /^(https?:|mailto:)/i;
let purifier: DOMPurify | null = null;

function getPurifier(): DOMPurify | null {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  if (!p.isSupported) return null;
  // DOMPurify leans on DOM details some environments get wrong (the happy-dom test DOM does); it is
  // used only where it sanitizes a probe correctly. The allowlist walk runs either way.
  const probe = p.sanitize('<h2 onclick="x()">a<img src="x" onerror="x()"></h2>', PURIFY_CONFIG);
  if (!/^<h2>a<img( src="x")?>?<\/h2>$/.test(probe)) {
    purifier = null;
    return null;
  }
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.removeAttribute('target');
      if (node.hasAttribute('data-card-link')) {
        node.setAttribute('href', '#');
        return;
      }
      const href = (node.getAttribute('href') ?? '').trim();
      if (EXTERNAL.test(href)) {
        node.setAttribute('rel', 'noopener noreferrer');
        if (!node.hasAttribute('title')) node.setAttribute('title', href);
      } else if (!href.startsWith('#')) {
        node.removeAttribute('href');
      }
    } else if (node.nodeName === 'IMG') {
      // The page's CSP only loads images from the app itself or data: URLs.
      const src = node.getAttribute('src') ?? '';
      if (!/^data:image\/(png|gif|jpe?g|webp);/i.test(src)) node.removeAttribute('src');
    }
  });
  purifier = p;
  return p;
}

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset',
    'object', 'embed', 'link', 'meta', 'base', 'template', 'dialog', 'audio', 'video', 'source', 'picture'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'background', 'ping'],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ['data-card-link', 'data-card-name', 'data-missing'],
};

/** Sanitized HTML for any markup: what `renderMarkdown` applies after markdown-it. */
export function sanitizeHtml(html: string): string {
  const p = getPurifier();
  return enforceAllowlist(p === null ? html : p.sanitize(html, PURIFY_CONFIG));
}

/** Card content as safe HTML; `exists` marks `[[links]]` to cards that do not exist. */
export function renderMarkdown(content: string, exists?: (name: string) => boolean | undefined): string {
  const env: RenderEnv = exists ? { exists } : {};
  return sanitizeHtml(md.render(content, env));
}
