import { render } from 'preact';
import { installBench } from './bench';
import { connectBridge } from './bridge/connect';
import { installConformance } from './conformance/runner';
import { NativeProvider } from './data/native-provider';
import { mountApp } from './mount';
import { bootRollback, isRollbackUrl } from './rollback/boot';
import { installSoak } from './soak';
import { ConnectionStatus } from './views/ConnectionStatus';

function bootNative(root: HTMLElement): void {
  // Retries, circuit breaker, an outbox kept in localStorage (writes survive a reload) and a heartbeat.
  const { client, api } = connectBridge(window);
  const provider = new NativeProvider(api, () => client.whenReady());
  installBench(window, api);
  installSoak(window, client, api);
  installConformance(window, provider);
  mountApp(root, provider);
  const statusRoot = document.createElement('div');
  statusRoot.id = 'connection-status';
  document.body.appendChild(statusRoot);
  render(<ConnectionStatus source={client} />, statusRoot);
}

function boot(): void {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');
  // ?mode=rollback: the same views on sql.js inside the page (issue 7); see src/rollback/boot.tsx.
  if (isRollbackUrl(window.location.href)) void bootRollback(window, root, () => bootNative(root));
  else bootNative(root);
}

boot();
