import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSnippet, Snippet } from '../src/views/Snippet';

let host: HTMLElement | null = null;

function mount(snippet: string): HTMLElement {
  host = document.createElement('div');
  document.body.appendChild(host);
  render(<Snippet snippet={snippet} />, host);
  return host;
}

afterEach(() => {
  if (host) {
    render(null, host);
    host.remove();
    host = null;
  }
});

describe('snippet rendering', () => {
  it('wraps matches in <mark> and leaves the rest as text', () => {
    const el = mount('the \u0002harbor\u0003 at \u0002dawn\u0003!');
    const marks = el.querySelectorAll('mark');
    expect(Array.from(marks).map((m) => m.textContent)).toEqual(['harbor', 'dawn']);
    expect(el.textContent).toBe('the harbor at dawn!');
  });

  it('never creates elements from markup in a snippet', () => {
    const el = mount('<img src=x onerror=alert(1)> and \u0002<b>bold</b>\u0003');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelectorAll('mark')).toHaveLength(1);
    expect(el.textContent).toBe('<img src=x onerror=alert(1)> and <b>bold</b>');
  });

  it('tolerates unbalanced markers', () => {
    expect(parseSnippet('a\u0003b\u0002c')).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: false },
      { text: 'c', match: true },
    ]);
    expect(parseSnippet('')).toEqual([]);
  });
});
