import type { AppState } from './state';

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

/** Where the person is (all cards, trash, settings) and the data actions (import, export). */
export function Sidebar({ state }: { state: AppState }) {
  const view = state.view.value;
  return (
    <aside class="sidebar" aria-label="Sections">
      <nav class="sidebar-nav">
        <button
          type="button"
          class={view === 'cards' ? 'nav-item active' : 'nav-item'}
          data-testid="show-cards"
          aria-current={view === 'cards' ? 'page' : undefined}
          onClick={() => state.showCards()}
        >
          <NavIcon d={ICONS.cards} />
          <span class="nav-label">All cards</span>
        </button>
        <button
          type="button"
          class={view === 'trash' ? 'nav-item active' : 'nav-item'}
          data-testid="show-trash"
          aria-current={view === 'trash' ? 'page' : undefined}
          onClick={() => state.showTrash()}
        >
          <NavIcon d={ICONS.trash} />
          <span class="nav-label">Trash</span>
        </button>
        <button
          type="button"
          class={view === 'settings' ? 'nav-item active' : 'nav-item'}
          data-testid="show-settings"
          aria-current={view === 'settings' ? 'page' : undefined}
          onClick={() => state.showSettings()}
        >
          <NavIcon d={ICONS.settings} />
          <span class="nav-label">Settings</span>
        </button>
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
