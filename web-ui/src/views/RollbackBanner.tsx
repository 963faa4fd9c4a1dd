import type { Signal } from '@preact/signals';
import type { SaveStatus } from '../rollback/saver';

export interface RollbackBannerProps {
  status: Signal<SaveStatus>;
  /** 'host': inside the app, saves go to Java; 'browser': an ordinary browser, saves are downloads. */
  mode: 'host' | 'browser';
  /** What the export was made from, in words. */
  source: string | null;
  debounceMs: number;
  /** Saves now (the browser's Download button). */
  onSave?: () => void;
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

/**
 * The permanent "Rollback mode" banner: what it means, where saves go, the last save (time and
 * sha256) or why it failed, and the way back to the native store.
 */
export function RollbackBanner({ status, mode, source, debounceMs, onSave }: RollbackBannerProps) {
  const s = status.value;
  const seconds = Math.round(debounceMs / 100) / 10;
  const where = mode === 'host'
    ? `Changes are saved ${seconds} s after you stop typing as a new rollback snapshot (sha256-checked) in the data folder's rollback/ directory.`
    : 'Changes stay in this page until you download them: use Download to save a copy of the database.';
  const state = s.error !== null
    ? `Saving failed: ${s.error}. Retrying…`
    : s.saving ? 'Saving…'
      : s.last !== null ? `Last saved ${time(s.last.savedAt)} · sha256 ${s.last.sha256.slice(0, 12)}…${s.dirty ? ' · unsaved changes' : ''}`
        : s.dirty ? 'Unsaved changes' : 'No changes yet';
  return (
    <div class={`rollback-banner${s.error !== null ? ' rollback-banner-error' : ''}`} role="status" data-testid="rollback-banner">
      <strong class="rollback-title">Rollback mode</strong>
      <span class="rollback-text">
        Your cards are running on a verified copy of your data{source ? ` (made from: ${source})` : ''} inside this window, because the
        native store is not in use. {where}{' '}
        {mode === 'host' ? 'To go back to the native store, choose File → Return to Native… in the menu.'
          : 'To go back to the native store, open the downloaded file in the app.'}
      </span>
      <span class="rollback-save" data-testid="rollback-save-status" data-sha256={s.last?.sha256 ?? ''}>{state}</span>
      {mode === 'browser' && onSave && (
        <button type="button" class="btn btn-small" data-testid="rollback-download" onClick={onSave}>Download</button>
      )}
    </div>
  );
}
