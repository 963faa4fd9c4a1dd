/**
 * Date-time fields are edited as local "YYYY-MM-DDTHH:MM" text (the value format of
 * <input type="datetime-local">, which also accepts a space instead of the T when the control falls
 * back to plain text) and stored as UTC ISO-8601 with milliseconds.
 */

const LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local input text for a stored timestamp; '' for null or an unreadable value. */
export function isoToLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The UTC timestamp for typed local text: null when blank, undefined when it is not a date.
 * A date without a time means the start of that day.
 */
export function localInputToIso(text: string): string | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const m = LOCAL.exec(trimmed);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const d = new Date(year, month - 1, day, hour, minute, second, 0);
  // Date rolls 31 February over into March; such a day does not exist.
  if (d.getMonth() !== month - 1 || d.getDate() !== day) return undefined;
  return d.toISOString();
}

/** "now" as local input text, to the minute. */
export function nowLocalInput(now: number = Date.now()): string {
  return isoToLocalInput(new Date(now).toISOString());
}
