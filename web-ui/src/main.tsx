import { render } from 'preact';
import { installBench } from './bench';
import { createApi } from './bridge/api';
import { BridgeClient, WebViewTransport } from './bridge/client';
import { NativeProvider } from './data/native-provider';
import { App } from './views/App';
import { AppState } from './views/state';

function boot(): void {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');

  const client = new BridgeClient(new WebViewTransport(window));
  const api = createApi(client);
  const provider = new NativeProvider(api, () => client.whenReady());
  const state = new AppState(provider);

  let readyReported = false;
  const onFirstRender = (): void => {
    if (readyReported) return;
    readyReported = true;
    root.setAttribute('data-ready', 'true');
    document.documentElement.setAttribute('data-ready', 'true');
    state.reportReady(Math.round(performance.now() * 10) / 10);
  };

  installBench(window, api);
  render(<App state={state} onFirstRender={onFirstRender} />, root);
  void state.start();
}

boot();
