import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinkResolver } from '../src/views/link-resolver';
import { renderMarkdown, sanitizeHtml, wikiLinkNames } from '../src/views/markdown';
import { Preview } from '../src/views/Preview';
import { MemoryProvider } from './memory-provider';

/** The hostile-content fixture: every way we know to get script into rendered Markdown. */
const HOSTILE = [
  '<p>fine <b>bold</b> and <a href="https://example.org/x">a link</a></p>',
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'onerror\'">',
  '<a href="javascript:window.__pwned=\'href\'">click me</a>',
  '<a href=" JaVaScRiPt:alert(1)">spaced</a>',
  '[md link](javascript:alert(1))',
  '![md image](javascript:alert(1))',
  '<svg onload="window.__pwned=\'svg\'"><script>window.__pwned="svg script"</script><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<iframe src="javascript:alert(1)" srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="x.swf">',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)" onmouseover="alert(1)">styled</div>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:/">',
  '<details open ontoggle="window.__pwned=\'toggle\'"><summary>s</summary></details>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<style>body{display:none}</style>',
  '<template><script>alert(1)</script></template>',
].join('\n\n');

function parse(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

function assertInert(root: Element): void {
  expect(root.querySelectorAll('script, svg, math, iframe, object, embed, form, button, meta, base, style, template')).toHaveLength(0);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
      expect(attr.name).not.toBe('style');
      expect(attr.value.replace(/\s/g, '').toLowerCase()).not.toContain('javascript:');
    }
  }
  for (const a of Array.from(root.querySelectorAll('a[href]'))) {
    expect(a.getAttribute('href')).toMatch(/^(https?:|mailto:|#)/);
  }
}

describe('renderMarkdown', () => {
  afterEach(() => {
    delete (window as { __pwned?: string }).__pwned;
  });

  it('renders ordinary Markdown', () => {
    const root = parse(renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n[site](https://example.org)'));
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('leaves nothing that can run in the hostile fixture', () => {
    const html = renderMarkdown(HOSTILE);
    const root = parse(html);
    assertInert(root);
    expect(root.textContent).toContain('fine bold and a link');
    expect(root.querySelector('a[href="https://example.org/x"]')).not.toBeNull();
    expect(html).not.toMatch(/<script/i);
  });

  it('sanitizes raw HTML on its own too', () => {
    assertInert(parse(sanitizeHtml('<img src=x onerror=alert(1)><svg><script>alert(1)</script></svg><a href="javascript:alert(1)">x</a>')));
  });

  it('turns [[links]] into in-app links and marks the missing ones', () => {
    const exists = (name: string) => (name.toLowerCase() === 'ada lovelace' ? true : name === 'Pending' ? undefined : false);
    const root = parse(renderMarkdown(
      'Met [[Ada Lovelace]] and [[Nobody Yet|someone]]; see [[Ada Lovelace#Notes]] and [[Pending]]. `[[not a link]]`',
      exists,
    ));
    const links = Array.from(root.querySelectorAll<HTMLAnchorElement>('a[data-card-link]'));
    expect(links.map((a) => [a.getAttribute('data-card-name'), a.textContent, a.hasAttribute('data-missing')])).toEqual([
      ['Ada Lovelace', 'Ada Lovelace', false],
      ['Nobody Yet', 'someone', true],
      ['Ada Lovelace', 'Ada Lovelace › Notes', false],
      ['Pending', 'Pending', false],
    ]);
    expect(links[1]!.className).toContain('wikilink-missing');
    expect(links.every((a) => a.getAttribute('href') === '#')).toBe(true);
    expect(root.querySelector('code')?.textContent).toBe('[[not a link]]');
  });

  it('escapes markup in a link name', () => {
    const root = parse(renderMarkdown('[[<img src=x onerror=alert(1)>]]'));
    assertInert(root);
  });

  it('lists the distinct linked names', () => {
    expect(wikiLinkNames('[[A]] [[b|x]] [[a]] [[C#h]] [[ ]]')).toEqual(['A', 'b', 'C']);
  });
});

describe('Preview', () => {
  let host: HTMLElement | null = null;
  afterEach(() => {
    if (host) {
      render(null, host);
      host.remove();
      host = null;
    }
  });

  async function mount(content: string, provider: MemoryProvider, onOpenCard = vi.fn()) {
    host = document.createElement('div');
    document.body.appendChild(host);
    const links = new LinkResolver(provider);
    await act(async () => {
      render(<Preview content={content} links={links} onOpenCard={onOpenCard} />, host!);
    });
    return { onOpenCard, preview: host.querySelector<HTMLElement>('[data-testid="preview"]')! };
  }

  it('renders the hostile fixture inert and makes no call to the store', async () => {
    const provider = new MemoryProvider();
    const calls: Array<{ mock: { calls: unknown[] } }> = Object.getOwnPropertyNames(MemoryProvider.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => vi.spyOn(provider as unknown as Record<string, () => unknown>, name));
    calls.push(provider.whenAvailable, provider.reportReady);
    const { preview } = await mount(HOSTILE, provider);
    // Give an image error or load event the chance to fire.
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    assertInert(preview);
    for (const img of Array.from(preview.querySelectorAll('img'))) img.dispatchEvent(new Event('error'));
    for (const el of Array.from(preview.querySelectorAll('*'))) el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect((window as { __pwned?: string }).__pwned).toBeUndefined();
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
  });

  it('looks up linked names once, shows missing ones, and opens a card on click', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'person', name: 'Ada Lovelace' });
    const find = vi.spyOn(provider, 'findCardByName');
    const { preview, onOpenCard } = await mount('[[ada lovelace]] met [[Charles Babbage]] and [[Ada Lovelace]]', provider);
    await vi.waitFor(async () => {
      await act(async () => {});
      expect(preview.querySelector('a[data-missing]')?.getAttribute('data-card-name')).toBe('Charles Babbage');
    });
    expect(find.mock.calls.map((c) => c[0])).toEqual(['ada lovelace', 'Charles Babbage']);
    const link = preview.querySelector<HTMLAnchorElement>('a[data-card-name="ada lovelace"]')!;
    expect(link.hasAttribute('data-missing')).toBe(false);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    await act(async () => {
      link.dispatchEvent(click);
    });
    expect(click.defaultPrevented).toBe(true);
    expect(onOpenCard).toHaveBeenCalledWith('ada lovelace');
  });
});
