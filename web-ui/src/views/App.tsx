import { useEffect, useState } from 'preact/hooks';
import { interceptExternalLinks } from '../links';
import { Banner } from './Banner';
import { CardList } from './CardList';
import { Editor } from './Editor';
import { JobDialog } from './JobDialog';
import { SampleBanner, Toast } from './Notices';
import { Sidebar } from './Sidebar';
import type { AppState } from './state';
import { TopBar } from './TopBar';
import { SettingsView } from './SettingsView';
import { TrashView } from './TrashView';

const TICK_MS = 30_000;

export interface AppProps {
  state: AppState;
  /** Called once, after the first card list has rendered. */
  onFirstRender?: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/**
 * App-wide shortcuts: Ctrl/Cmd+N new card, Ctrl/Cmd+K or "/" search, Ctrl/Cmd+S save now,
 * Ctrl/Cmd+Z undo and Ctrl/Cmd+Shift+Z or Ctrl+Y redo (in the editor), Escape closes the editor.
 * Inner controls that use Escape themselves (dialogs, pickers, confirmations) stop it first.
 */
function onKeyDown(e: KeyboardEvent, state: AppState): void {
  if (e.defaultPrevented) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const dialogOpen = state.jobs.dialog.peek() !== null;
  if (mod && !e.altKey) {
    const inEditor = e.target instanceof Element && e.target.closest('.editor') !== null;
    const editorFocus = inEditor || !isTyping(e.target);
    if (key === 's') {
      e.preventDefault();
      if (state.editor.open.peek()) void state.editor.save();
    } else if (dialogOpen) {
      return;
    } else if (key === 'n') {
      e.preventDefault();
      state.requestNew();
    } else if (key === 'k') {
      e.preventDefault();
      state.focusSearch();
    } else if (state.editor.open.peek() && editorFocus && ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey))) {
      e.preventDefault();
      state.editor.redo();
    } else if (state.editor.open.peek() && editorFocus && key === 'z') {
      e.preventDefault();
      state.editor.undo();
    }
    return;
  }
  if (dialogOpen) return;
  if (e.key === '/' && !e.altKey && !isTyping(e.target)) {
    e.preventDefault();
    state.focusSearch();
  } else if (e.key === 'Escape' && state.view.peek() === 'cards' && state.editor.open.peek()) {
    if (state.confirmingDelete.peek()) {
      state.cancelDelete();
      return;
    }
    if (e.target instanceof Element && e.target.closest('.search') !== null) return;
    e.preventDefault();
    state.requestClose();
  }
}

export function App({ state, onFirstRender }: AppProps) {
  const [now, setNow] = useState(() => Date.now());
  const loaded = state.list.loaded.value;
  const view = state.view.value;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => interceptExternalLinks(document, (url) => state.openExternal(url)), [state]);

  useEffect(() => {
    const listener = (e: KeyboardEvent): void => onKeyDown(e, state);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [state]);

  // Effects run after the DOM is committed, so this fires once the first list is on screen.
  useEffect(() => {
    if (loaded) onFirstRender?.();
  }, [loaded]);

  return (
    <div class="app">
      <TopBar state={state} />
      <Banner state={state} />
      <SampleBanner state={state} />
      <div class="shell">
        <Sidebar state={state} />
        {view === 'trash' ? (
          <main class="content">
            <TrashView state={state} now={now} />
          </main>
        ) : view === 'settings' ? (
          <main class="content">
            <SettingsView state={state} />
          </main>
        ) : (
          <main class="content panes">
            <CardList state={state} now={now} />
            <Editor state={state} />
          </main>
        )}
      </div>
      <JobDialog state={state} />
      <Toast state={state} />
    </div>
  );
}
