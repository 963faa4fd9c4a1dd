import { Component, type JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { FilterBar } from './FilterBar';
import { relativeTime } from './format';
import { TypeIcon } from './icons';
import type { ListItem } from './list-state';
import { Snippet } from './Snippet';
import type { AppState } from './state';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Rows drawn at first, and added each time the list is scrolled near its end. Every row drawn costs
 * WebKit style and layout whenever the list changes (a live list re-orders on every edit), on the same
 * thread that delivers the bridge's replies and events; a screenful plus a margin keeps that small.
 */
export const ROWS_STEP = 60;
/** How close to the end of the drawn rows (in pixels) a scroll draws the next step. */
const GROW_MARGIN_PX = 600;

/**
 * How many of `total` rows to draw: grows in steps as the list is scrolled, never hides the selected row;
 * scrolled to the end of all `total`, it asks for more rows (`onEnd`).
 */
function useDrawnRows(total: number, selectedIndex: number, listKey: string, onEnd: () => void) {
  const [drawn, setDrawn] = useState(ROWS_STEP);
  const ref = useRef<HTMLUListElement>(null);
  const [key, setKey] = useState(listKey);
  if (key !== listKey) {
    // Another search or filter: start again from the top.
    setKey(listKey);
    setDrawn(ROWS_STEP);
  }
  const grow = () => {
    const el = ref.current;
    if (!el || el.scrollTop + el.clientHeight < el.scrollHeight - GROW_MARGIN_PX) return;
    if (drawn < total) setDrawn((d) => Math.min(total, d + ROWS_STEP));
    else onEnd();
  };
  // A tall window may show more than one step: keep drawing until the list is filled or ends.
  useLayoutEffect(grow, [drawn, total]);
  return { ref, grow, count: Math.max(drawn, selectedIndex + 1) };
}

function secondaryLine(item: ListItem): JSX.Element | null {
  if ('snippet' in item && item.snippet) return <Snippet snippet={item.snippet} />;
  if (item.summary) return <span>{item.summary}</span>;
  if (item.folder) return <span class="muted">{item.folder}</span>;
  return null;
}

interface CardRowProps {
  item: ListItem;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
}

/**
 * A row renders again only when its card, its selection or the clock changes: a live list that gets a
 * new version of one card (from another window, say) repaints that row, not all of them. `onSelect`
 * always selects through the same app state, so it does not count. (preact/compat's memo is not used:
 * importing compat changes how inputs report changes everywhere.)
 */
class CardRow extends Component<CardRowProps> {
  override shouldComponentUpdate(next: CardRowProps): boolean {
    const p = this.props;
    return p.item !== next.item || p.selected !== next.selected || p.now !== next.now;
  }

  override render(): JSX.Element {
    return CardRowView(this.props);
  }
}

function CardRowView({ item, selected, now, onSelect }: {
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

/** Up/Down move through the rows and open the card, like a mail list; the last drawn row draws more. */
function onListKeyDown(e: KeyboardEvent, state: AppState, grow: () => void): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const rows = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('.card-row'));
  const index = rows.findIndex((row) => row === document.activeElement);
  const next = rows[index < 0 ? 0 : index + (e.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  e.preventDefault();
  next.focus();
  if (next === rows[rows.length - 1]) grow();
  const id = next.dataset['cardId'];
  if (id) state.requestSelect(id);
}

export function CardList({ state, now }: { state: AppState; now: number }) {
  const list = state.list;
  const items = list.items.value;
  const searching = list.searching.value;
  const loaded = list.loaded.value;
  const total = list.total.value;
  const filtered = list.filtered.value;
  const selectedId = state.selectedId.value;
  const hint = list.hint.value;
  const selectedIndex = selectedId === null ? -1 : items.findIndex((item) => item.id === selectedId);
  const rows = useDrawnRows(items.length, selectedIndex,
    `${list.query.value}|${JSON.stringify(list.filter.value)}`, () => list.showMore());
  const label = searching
    ? list.windowed.value
      ? `${count(total)}+ matches`
      : `${count(total)} ${total === 1 ? 'match' : 'matches'}`
    : `${count(total)} ${total === 1 ? 'card' : 'cards'}`;

  return (
    <nav class="list-pane" aria-label="Cards">
      <div class="list-header">
        <span>{searching ? 'Search results' : filtered ? 'Filtered cards' : 'All cards'}</span>
        {loaded && <span class="list-count" data-testid="list-count">{label}</span>}
        {list.loading.value && <span class="spinner" aria-label="Loading" />}
      </div>
      <FilterBar state={state} />
      {hint && searching && (
        <p class="search-syntax-hint" data-testid="search-hint" role="status">{hint}</p>
      )}
      {searching && list.windowed.value && (
        <p class="list-note muted" data-testid="search-windowed">
          More than {count(total)} cards match; the best {items.length} are shown. Add words to narrow the search.
        </p>
      )}
      <ul
        class="card-list"
        data-testid="card-list"
        ref={rows.ref}
        onScroll={rows.grow}
        onKeyDown={(e) => onListKeyDown(e, state, rows.grow)}
      >
        {items.slice(0, rows.count).map((item) => (
          <CardRow
            key={item.id}
            item={item}
            selected={item.id === selectedId}
            now={now}
            onSelect={(id) => state.requestSelect(id)}
          />
        ))}
      </ul>
      {loaded && !searching && total > items.length && items.length >= list.limit && (
        <p class="list-more muted">
          Showing the {items.length} most recent of {count(total)} cards. Search or filter to find the rest.
        </p>
      )}
      {!loaded && (
        <p class="list-waiting muted" aria-live="polite">Loading cards…</p>
      )}
      {loaded && items.length === 0 && (
        <div class="empty-state" data-testid="empty-state">
          {searching ? (
            <>
              <p class="empty-title">No cards match “{list.query.value.trim()}”</p>
              <p class="muted">{filtered ? 'Try other words, or clear the filters.' : 'Try other words, or clear the search.'}</p>
            </>
          ) : filtered ? (
            <>
              <p class="empty-title">No cards match these filters</p>
              <button type="button" class="btn" onClick={() => list.clearFilter()}>Clear filters</button>
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
