import { useEffect, useState } from 'preact/hooks';
import { interceptExternalLinks } from '../links';
import { Banner } from './Banner';
import { CardList } from './CardList';
import { Editor } from './Editor';
import type { AppState } from './state';
import { TopBar } from './TopBar';

const TICK_MS = 30_000;

export interface AppProps {
  state: AppState;
  /** Called once, after the first card list has rendered. */
  onFirstRender?: () => void;
}

export function App({ state, onFirstRender }: AppProps) {
  const [now, setNow] = useState(() => Date.now());
  const loaded = state.listLoaded.value;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => interceptExternalLinks(document, (url) => state.openExternal(url)), [state]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void state.save();
      } else if (key === 'n') {
        e.preventDefault();
        state.requestNew();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state]);

  // Effects run after the DOM is committed, so this fires once the first list is on screen.
  useEffect(() => {
    if (loaded) onFirstRender?.();
  }, [loaded]);

  return (
    <div class="app">
      <TopBar state={state} />
      <Banner state={state} />
      <main class="panes">
        <CardList state={state} now={now} />
        <Editor state={state} />
      </main>
    </div>
  );
}
