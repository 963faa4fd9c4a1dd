import { isBridgeError } from '../bridge/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then a date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const delta = now - then;
  if (delta < MINUTE) return 'just now';
  if (delta < HOUR) return `${Math.floor(delta / MINUTE)} min ago`;
  if (delta < DAY) return `${Math.floor(delta / HOUR)} h ago`;
  if (delta < 2 * DAY) return 'yesterday';
  if (delta < 7 * DAY) return `${Math.floor(delta / DAY)} days ago`;
  const date = new Date(then);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(undefined, sameYear
    ? { month: 'short', day: 'numeric' }
    : { year: 'numeric', month: 'short', day: 'numeric' });
}

export function absoluteTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : new Date(then).toLocaleString();
}

/** A sentence for the error banner: the store's message, never a stack. */
export function describeError(error: unknown, doing: string): string {
  if (isBridgeError(error)) {
    switch (error.kind) {
      case 'TIMEOUT':
        return `Could not ${doing}: the store did not answer in time. Please try again.`;
      case 'UNAVAILABLE':
        return `Could not ${doing}: the store is not available right now.`;
      case 'BUSY':
        return `Could not ${doing}: the store is busy. Please try again in a moment.`;
      default:
        return `Could not ${doing}: ${error.message}`;
    }
  }
  if (error instanceof Error && error.message) return `Could not ${doing}: ${error.message}`;
  return `Could not ${doing}.`;
}
