import { useEffect, useState } from 'preact/hooks';
import type { ConnectionStatus as Status, RecoveredOutcome } from '../bridge/client';

/** The part of the bridge client this view watches. */
export interface ConnectionSource {
  onStatus(listener: (status: Status) => void): () => void;
  onRecovered(listener: (outcome: RecoveredOutcome) => void): () => void;
}

interface Recovered {
  saved: number;
  failed: Array<{ id: string; message: string }>;
}

/**
 * A discreet "reconnecting" pill while the circuit is half-open, a clear message while it is open
 * (reads paused, changes kept and sent when the store is back), and a notice about changes an earlier
 * page left unconfirmed: how many were saved, and which could not be.
 */
export function ConnectionStatus({ source }: { source: ConnectionSource }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [recovered, setRecovered] = useState<Recovered>({ saved: 0, failed: [] });

  useEffect(() => source.onStatus(setStatus), [source]);
  useEffect(
    () =>
      source.onRecovered((o) =>
        setRecovered((r) =>
          o.ok
            ? { ...r, saved: r.saved + 1 }
            : { ...r, failed: [...r.failed, { id: o.id, message: o.error?.message ?? 'not saved' }] },
        ),
      ),
    [source],
  );

  const waiting = status?.queuedWrites ?? 0;
  const changes = (n: number): string => (n === 1 ? '1 change' : `${n} changes`);
  let line: preact.JSX.Element | null = null;
  if (status && status.circuit === 'open') {
    line = (
      <div class="connection connection-open" role="alert" data-testid="connection-status" data-circuit="open">
        The connection to the Isometry store is interrupted. Reading is paused;{' '}
        {waiting > 0 ? `${changes(waiting)} will be saved` : 'changes you make will be saved'} as soon as it is
        back.
      </div>
    );
  } else if (status && (status.circuit === 'half-open' || waiting > 0)) {
    line = (
      <div class="connection connection-reconnecting" role="status" data-testid="connection-status" data-circuit={status.circuit}>
        Reconnecting…{waiting > 0 ? ` ${changes(waiting)} waiting` : ''}
      </div>
    );
  }
  const notice =
    recovered.saved + recovered.failed.length === 0 ? null : (
      <div class="connection connection-recovered" role="status" data-testid="recovered-notice">
        {recovered.saved > 0 && <span>{changes(recovered.saved)} made before the page reloaded were saved. </span>}
        {recovered.failed.length > 0 && (
          <span>
            {changes(recovered.failed.length)} made before the page reloaded could not be saved:{' '}
            {recovered.failed.map((f) => f.message).join('; ')}{' '}
          </span>
        )}
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setRecovered({ saved: 0, failed: [] })}>
          Dismiss
        </button>
      </div>
    );
  if (line === null && notice === null) return null;
  return (
    <div class="connection-area">
      {line}
      {notice}
    </div>
  );
}
