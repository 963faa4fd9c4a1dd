import { render } from 'preact';
import type { Provider } from './data/provider';
import { App } from './views/App';
import { AppState } from './views/state';

/**
 * Renders the app on `provider` into `root` and starts it; marks `data-ready` on <html> and the root
 * (and reports the time) once the first card list is on screen. Both boots (native, rollback) use it.
 */
export function mountApp(root: HTMLElement, provider: Provider): AppState {
  const state = new AppState(provider);
  let readyReported = false;
  const onFirstRender = (): void => {
    if (readyReported) return;
    readyReported = true;
    root.setAttribute('data-ready', 'true');
    document.documentElement.setAttribute('data-ready', 'true');
    state.reportReady(Math.round(performance.now() * 10) / 10);
  };
  render(<App state={state} onFirstRender={onFirstRender} />, root);
  void state.start();
  return state;
}
