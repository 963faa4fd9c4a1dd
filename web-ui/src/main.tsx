import { render } from 'preact';
import { installBench } from './bench';
import { connectBridge } from './bridge/connect';
import { NativeProvider } from './data/native-provider';
import { installSoak } from './soak';
import { App } from './views/App';
import { ConnectionStatus } from './views/ConnectionStatus';
import { AppState } from './views/state';

function boot(): void {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');

  // Retries, circuit breaker, an outbox kept in localStorage (writes survive a reload) and a heartbeat.
  const { client, api } = connectBridge(window);
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
  installSoak(window, client, api);
  render(<App state={state} onFirstRender={onFirstRender} />, root);
  const statusRoot = document.createElement('div');
  statusRoot.id = 'connection-status';
  document.body.appendChild(statusRoot);
  render(<ConnectionStatus source={client} />, statusRoot);
  void state.start();
}

boot();
