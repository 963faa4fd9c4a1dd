import type { Database } from 'sql.js';
import type { Card, ConflictField, MergeStrategy } from '../../model';
import { fail, FIELDS } from './fields';
import { scalar } from './sql';

type Strategy = MergeStrategy;

/** How each field is merged when both sides changed it: the `mergeStrategies` setting over the defaults. */
export interface MergePolicy {
  strategyFor(field: string): Strategy;
}

/** Last writer wins for scalar fields; a person settles `content` (Java's MergePolicy.ofDefaults). */
export function policyFromSetting(setting: Record<string, unknown> | null): MergePolicy {
  const map = new Map<string, Strategy>([['content', 'ask']]);
  let others: Strategy = 'last-writer-wins';
  for (const [field, s] of Object.entries(setting ?? {})) {
    if (s !== 'ask' && s !== 'last-writer-wins') continue;
    if (field === '*') others = s;
    else map.set(field, s);
  }
  return { strategyFor: (field) => map.get(field) ?? others };
}

/** The policy kept in the store's `mergeStrategies` setting (the defaults when there is none). */
export function storedPolicy(db: Database): MergePolicy {
  const setting = scalar(db, "SELECT value FROM settings WHERE key = 'mergeStrategies'");
  return policyFromSetting(typeof setting === 'string' ? (JSON.parse(setting) as Record<string, unknown>) : null);
}

/** Every field's wire name → its strategy, in field order (Java's MergePolicy.byWireName). */
export function strategiesByField(policy: MergePolicy): Record<string, MergeStrategy> {
  return Object.fromEntries(FIELDS.map(([field]) => [field, policy.strategyFor(field)]));
}

/** Refuses a setting Java's MergePolicy.fromSetting would refuse, with the same words. */
export function checkStrategies(setting: Record<string, unknown>, command: string): void {
  for (const [field, s] of Object.entries(setting)) {
    if (s !== 'ask' && s !== 'last-writer-wins') {
      fail('INVALID', `merge strategy for ${field} must be "ask" or "last-writer-wins" (got "${String(s)}")`, command);
    }
    if (field !== '*' && !FIELDS.some(([f]) => f === field)) {
      fail('INVALID', `unknown card field "${field}" in the merge strategies`, command);
    }
  }
}

/** A field both sides changed, settled by time. */
export interface TimedResolution {
  field: string;
  chosen: 'mine' | 'theirs';
  base: unknown;
  mine: unknown;
  theirs: unknown;
  result: unknown;
}

export interface MergeOutcome {
  /** The fields to write. */
  changes: Partial<Card>;
  resolutions: TimedResolution[];
  /** Fields a person must settle; nothing is written while there are any. */
  conflicts: ConflictField[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The three-way, field-level merge of Java's `CardMerge`, field for field: a field only the incoming
 * side changed is written; changed the same way on both, nothing to do; changed differently, the
 * policy decides (the later writer by time, a tie keeping the stored value; or a person); with no
 * base, any incoming value differing from the stored one needs a person. Fields are visited in
 * CardField order, so the outcome is deterministic.
 */
export function mergeCard(base: Card | null, stored: Card, mine: Partial<Card>, mineAt: string, policy: MergePolicy): MergeOutcome {
  const changes: Record<string, unknown> = {};
  const resolutions: TimedResolution[] = [];
  const conflicts: ConflictField[] = [];
  const values = (c: Card) => c as unknown as Record<string, unknown>;
  for (const [field] of FIELDS) {
    if (!(field in mine)) continue;
    const m = (mine as Record<string, unknown>)[field] ?? null;
    const t = values(stored)[field] ?? null;
    if (base === null) {
      if (!same(m, t)) conflicts.push({ field, baseKnown: false, base: null, mine: m, theirs: t });
      continue;
    }
    const b = values(base)[field] ?? null;
    if (same(m, b) || same(m, t)) continue;
    if (same(t, b)) {
      changes[field] = m;
    } else if (policy.strategyFor(field) === 'ask') {
      conflicts.push({ field, baseKnown: true, base: b, mine: m, theirs: t });
    } else {
      const mineLater = mineAt > stored.modifiedAt;
      if (mineLater) changes[field] = m;
      resolutions.push({ field, chosen: mineLater ? 'mine' : 'theirs', base: b, mine: m, theirs: t, result: mineLater ? m : t });
    }
  }
  return { changes: changes as Partial<Card>, resolutions, conflicts };
}
