import { useEffect, useRef } from 'preact/hooks';
import { Logo, SearchIcon } from './icons';
import type { AppState } from './state';

export function TopBar({ state }: { state: AppState }) {
  const searchRef = useRef<HTMLInputElement>(null);

  // "/" focuses the search box when the user is not typing somewhere else.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [contenteditable="true"]') !== null)) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <header class="topbar">
      <div class="brand">
        <Logo />
        <span class="brand-name">Isometry</span>
      </div>
      <label class="search">
        <SearchIcon />
        <input
          ref={searchRef}
          type="search"
          data-testid="search"
          placeholder="Search cards"
          aria-label="Search cards"
          autocomplete="off"
          spellcheck={false}
          value={state.query.value}
          onInput={(e) => state.setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && state.query.peek() !== '') {
              e.preventDefault();
              state.setQuery('');
            }
          }}
        />
        <kbd class="search-hint" aria-hidden="true">/</kbd>
      </label>
      <button
        type="button"
        class="btn btn-primary"
        data-testid="new-card"
        title="New card (Ctrl+N)"
        onClick={() => state.requestNew()}
      >
        <span aria-hidden="true" class="btn-plus">+</span> New card
      </button>
    </header>
  );
}
