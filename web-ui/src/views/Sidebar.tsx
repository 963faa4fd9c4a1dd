import type { AppState, View } from './state';

function NavIcon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

const ICONS = {
  cards: 'M4 5h16v4H4z M4 11h16v4H4z M4 17h10v2H4z',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13 M10 11v6 M14 11v6',
  import: 'M12 3v12 M7 10l5 5 5-5 M4 19h16',
  export: 'M12 15V3 M7 8l5-5 5 5 M4 19h16',
  settings: 'M4 7h10 M18 7h2 M4 17h4 M12 17h8 M14 5v4 M8 15v4',
};

/** A section of the app; marked as the current page when it is the one shown. */
function NavItem({ state, to, label, go }: { state: AppState; to: View; label: string; go: () => void }) {
  const current = state.view.value === to;
  return (
    <button
      type="button"
      class={current ? 'nav-item active' : 'nav-item'}
      data-testid={`show-${to}`}
      aria-current={current ? 'page' : undefined}
      onClick={go}
    >
      <NavIcon d={ICONS[to]} />
      <span class="nav-label">{label}</span>
    </button>
  );
}

/** Where the person is (all cards, trash, settings) and the data actions (import, export). */
export function Sidebar({ state }: { state: AppState }) {
  return (
    <aside class="sidebar" aria-label="Sections">
      <nav class="sidebar-nav">
        <NavItem state={state} to="cards" label="All cards" go={() => state.showCards()} />
        <NavItem state={state} to="trash" label="Trash" go={() => state.showTrash()} />
        <NavItem state={state} to="settings" label="Settings" go={() => state.showSettings()} />
      </nav>
      <div class="sidebar-section" role="group" aria-label="Your data">
        <p class="sidebar-heading">Your data</p>
        <button type="button" class="nav-item" data-testid="open-import" onClick={() => state.jobs.openDialog('import')}>
          <NavIcon d={ICONS.import} />
          <span class="nav-label">Import…</span>
        </button>
        <button type="button" class="nav-item" data-testid="open-export" onClick={() => state.jobs.openDialog('export')}>
          <NavIcon d={ICONS.export} />
          <span class="nav-label">Export…</span>
        </button>
        {state.jobs.running.value && state.jobs.dialog.value === null && (
          <button type="button" class="job-mini" onClick={() => state.jobs.openDialog(state.jobs.progress.value?.kind ?? 'import')}>
            <span class="spinner" aria-hidden="true" />
            {state.jobs.progress.value?.kind === 'export' ? 'Exporting…' : 'Importing…'}
          </button>
        )}
      </div>
    </aside>
  );
}
