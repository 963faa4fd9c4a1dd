import type { JSX } from 'preact';
import { relativeTime } from './format';
import { TypeIcon } from './icons';
import { Snippet } from './Snippet';
import type { AppState, ListItem } from './state';

function secondaryLine(item: ListItem): JSX.Element | null {
  if ('snippet' in item && item.snippet) return <Snippet snippet={item.snippet} />;
  if (item.summary) return <span>{item.summary}</span>;
  if (item.folder) return <span class="muted">{item.folder}</span>;
  return null;
}

function CardRow({ item, selected, now, onSelect }: {
  item: ListItem;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
}) {
  const secondary = secondaryLine(item);
  return (
    <li>
      <button
        type="button"
        class={selected ? 'card-row selected' : 'card-row'}
        data-testid="card-item"
        data-card-id={item.id}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(item.id)}
      >
        <TypeIcon type={item.cardType} />
        <span class="card-row-main">
          <span class="card-row-top">
            <span class="card-row-name">{item.name.trim() === '' ? 'Untitled' : item.name}</span>
            <time class="card-row-time" dateTime={item.modifiedAt}>{relativeTime(item.modifiedAt, now)}</time>
          </span>
          {secondary && <span class="card-row-secondary">{secondary}</span>}
          {item.tags.length > 0 && (
            <span class="card-row-tags">
              {item.tags.slice(0, 4).map((tag) => <span class="chip chip-small" key={tag}>{tag}</span>)}
              {item.tags.length > 4 && <span class="chip chip-small chip-more">+{item.tags.length - 4}</span>}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

/** Up/Down move through the rows and open the card, like a mail list. */
function onListKeyDown(e: KeyboardEvent, state: AppState): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const rows = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('.card-row'));
  const index = rows.findIndex((row) => row === document.activeElement);
  const next = rows[index < 0 ? 0 : index + (e.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  e.preventDefault();
  next.focus();
  const id = next.dataset['cardId'];
  if (id) state.requestSelect(id);
}

export function CardList({ state, now }: { state: AppState; now: number }) {
  const items = state.items.value;
  const searching = state.searching.value;
  const loaded = state.listLoaded.value;
  const selectedId = state.selectedId.value;
  const count = searching
    ? `${items.length} ${items.length === 1 ? 'result' : 'results'}`
    : `${state.total.value} ${state.total.value === 1 ? 'card' : 'cards'}`;

  return (
    <nav class="list-pane" aria-label="Cards">
      <div class="list-header">
        <span>{searching ? 'Search results' : 'All cards'}</span>
        {loaded && <span class="list-count">{count}</span>}
        {state.listLoading.value && <span class="spinner" aria-label="Loading" />}
      </div>
      <ul class="card-list" data-testid="card-list" onKeyDown={(e) => onListKeyDown(e, state)}>
        {items.map((item) => (
          <CardRow
            key={item.id}
            item={item}
            selected={item.id === selectedId}
            now={now}
            onSelect={(id) => state.requestSelect(id)}
          />
        ))}
      </ul>
      {loaded && !searching && state.total.value > items.length && (
        <p class="list-more muted">
          Showing the {items.length} most recent of {state.total.value} cards. Search to find the rest.
        </p>
      )}
      {!loaded && (
        <p class="list-waiting muted" aria-live="polite">Loading cards…</p>
      )}
      {loaded && items.length === 0 && (
        <div class="empty-state" data-testid="empty-state">
          {searching ? (
            <>
              <p class="empty-title">No cards match “{state.query.value.trim()}”</p>
              <p class="muted">Try other words, or clear the search.</p>
            </>
          ) : (
            <>
              <p class="empty-title">No cards yet</p>
              <p class="muted">Cards hold your notes, people, events, resources and tasks.</p>
              <button type="button" class="btn btn-primary" onClick={() => state.requestNew()}>
                Create your first card
              </button>
            </>
          )}
        </div>
      )}
    </nav>
  );
}
