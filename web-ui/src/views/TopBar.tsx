import { useEffect, useRef } from 'preact/hooks';
import { Logo, SearchIcon } from './icons';
import type { AppState } from './state';

export function TopBar({ state }: { state: AppState }) {
  const searchRef = useRef<HTMLInputElement>(null);
  const focusToken = state.focusSearchToken.value;
  useEffect(() => {
    if (focusToken > 0) {
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [focusToken]);

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
          title="Words match by prefix; use “quotes” for a phrase, and OR, NOT, NEAR, ( ) for more"
          aria-label="Search cards"
          autocomplete="off"
          spellcheck={false}
          value={state.list.query.value}
          onInput={(e) => {
            state.showCards();
            state.list.setQuery(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              if (state.list.query.peek() !== '') state.list.setQuery('');
              else e.currentTarget.blur();
            } else if (e.key === 'ArrowDown') {
              const first = document.querySelector<HTMLButtonElement>('.card-list .card-row');
              if (first) {
                e.preventDefault();
                first.focus();
              }
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
