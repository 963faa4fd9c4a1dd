import type { CardType } from '../model';

const PATHS: Record<CardType, string> = {
  // a page with a folded corner
  note: 'M6 3h8l4 4v14H6z M14 3v4h4 M9 12h6 M9 16h6',
  // head and shoulders
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4.5 21a7.5 7.5 0 0 1 15 0',
  // calendar
  event: 'M5 6h14v14H5z M5 10h14 M9 3v5 M15 3v5',
  // chain link
  resource: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  // checked box
  task: 'M5 5h14v14H5z M8.5 12l2.5 2.5 4.5-5',
};

export const TYPE_LABELS: Record<CardType, string> = {
  note: 'Note',
  person: 'Person',
  event: 'Event',
  resource: 'Resource',
  task: 'Task',
};

export function TypeIcon({ type }: { type: CardType }) {
  return (
    <span class={`type-icon type-${type}`} title={TYPE_LABELS[type]} aria-label={TYPE_LABELS[type]} role="img">
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
        <path d={PATHS[type]} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
    </span>
  );
}

export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path class="logo-body" d="M12 2.5l8.5 4.9v9.2L12 21.5l-8.5-4.9V7.4z" />
      <path class="logo-top" d="M12 2.5l8.5 4.9L12 12.3 3.5 7.4z" />
      <path class="logo-edges" d="M3.5 7.4L12 12.3l8.5-4.9M12 12.3v9.2" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg class="search-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <circle cx="11" cy="11" r="6.5" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M16 16l4.5 4.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}
