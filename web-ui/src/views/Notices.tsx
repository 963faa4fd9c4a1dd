import type { AppState } from './state';

/** First run: the sample cards can go in one click. */
export function SampleBanner({ state }: { state: AppState }) {
  const count = state.sampleCards.value;
  if (count === 0 || state.sampleBannerDismissed.value) return null;
  return (
    <div class="sample-banner" data-testid="sample-banner" role="note">
      <span>
        These are sample cards, to show what Isometry can do.
      </span>
      <button
        type="button"
        class="btn btn-small"
        data-testid="remove-samples"
        disabled={state.removingSamples.value}
        onClick={() => void state.removeSamples()}
      >
        {state.removingSamples.value ? 'Removing…' : count === 1 ? 'Remove it' : `Remove them (${count})`}
      </button>
      <button
        type="button"
        class="btn btn-small btn-ghost banner-close"
        aria-label="Hide this message"
        title="Hide (the sample cards stay)"
        onClick={() => state.dismissSampleBanner()}
      >
        ×
      </button>
    </div>
  );
}

/** A short confirmation with an optional action, e.g. Undo after a delete. */
export function Toast({ state }: { state: AppState }) {
  const toast = state.toast.value;
  if (toast === null) return null;
  return (
    <div class="toast" role="status" aria-live="polite" data-testid="toast">
      <span>{toast.message}</span>
      {toast.action && (
        <button type="button" class="btn btn-small toast-action" data-testid="toast-action" onClick={toast.action.run}>
          {toast.action.label}
        </button>
      )}
      <button type="button" class="btn btn-small btn-ghost toast-close" aria-label="Dismiss" onClick={() => state.dismissToast()}>
        ×
      </button>
    </div>
  );
}
