import type { AppState } from './state';

export function Banner({ state }: { state: AppState }) {
  const banner = state.banner.value;
  if (banner === null) return null;
  return (
    <div
      class={`banner banner-${banner.kind}`}
      role="alert"
      data-testid="error-banner"
    >
      <span class="banner-message">{banner.message}</span>
      {banner.action && (
        <button type="button" class="btn btn-small" onClick={banner.action.run}>
          {banner.action.label}
        </button>
      )}
      {banner.kind === 'error' && (
        <button
          type="button"
          class="btn btn-small btn-ghost banner-close"
          aria-label="Dismiss"
          onClick={() => state.dismissBanner()}
        >
          ×
        </button>
      )}
    </div>
  );
}
