import type { IsometryApi } from './bridge/api';
import type { BridgeClient } from './bridge/client';
import { isBridgeError } from './bridge/errors';

/**
 * The page's half of the bridge soak test (src/test/java/.../BridgeSoakTest): writes cards named
 * `soak <k>` through the same api and client the UI uses and records what the caller was told. Java
 * drains the records often (and right before it reloads the page), so nothing told is lost; writes an
 * earlier page left unsettled report through the client's recovered outcomes. Idle unless Java calls it.
 */
export interface IsometrySoak {
  /** Writes the cards for these numbers, at most `concurrency` at a time. */
  run(ks: number[], concurrency: number): void;
  /** `{issued, ok, failed: [k, kind][], active}` since the last drain, as JSON. */
  drain(): string;
  /** The client's status and counters, as JSON (printed by the test). */
  status(): string;
}

declare global {
  interface Window {
    isometrySoak?: IsometrySoak;
  }
}

const NAME = /^soak (\d+)$/;

export function installSoak(
  win: Window,
  client: Pick<BridgeClient, 'onRecovered' | 'stats' | 'status'>,
  api: IsometryApi,
): void {
  let issued: number[] = [];
  let ok: number[] = [];
  let failed: Array<[number, string]> = [];
  let active = 0;

  const failure = (k: number, e: unknown): void => {
    failed.push([k, isBridgeError(e) ? e.kind : 'INTERNAL']);
  };

  client.onRecovered((outcome) => {
    const args = outcome.args as { card?: { name?: unknown } } | null;
    const match = typeof args?.card?.name === 'string' ? NAME.exec(args.card.name) : null;
    if (outcome.command !== 'cards:create' || !match) return;
    const k = Number(match[1]);
    if (outcome.ok) ok.push(k);
    else failure(k, outcome.error);
  });

  win.isometrySoak = {
    run(ks, concurrency) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < ks.length) {
          const k = ks[next++] as number;
          const write = api.createCard({ cardType: 'note', name: `soak ${k}` });
          issued.push(k); // the write is in the outbox from here on
          try {
            await write;
            ok.push(k);
          } catch (e) {
            failure(k, e);
          }
        }
      };
      for (let i = 0; i < Math.max(1, concurrency); i++) {
        active++;
        void worker().finally(() => {
          active--;
        });
      }
    },
    status() {
      return JSON.stringify({ ...client.status(), ...client.stats(), active });
    },
    drain() {
      const out = JSON.stringify({ issued, ok, failed, active });
      issued = [];
      ok = [];
      failed = [];
      return out;
    },
  };
}
