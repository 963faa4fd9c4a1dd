import { batch, computed, signal } from '@preact/signals';
import { isBridgeError } from '../bridge/errors';
import type { Provider } from '../data/provider';
import { parseConflictDetails, type Card, type CardChanges, type ConflictDetails, type ConflictField, type ConflictPick } from '../model';
import {
  changesFromDraft,
  draftFromCard,
  emptyDraft,
  inputFromDraft,
  isBlankDraft,
  rebaseDraft,
  type Draft,
} from './draft';
import { changedFields, otherChange, sameValue } from './card-fields';
import { describeError } from './format';
import { EditHistory } from './history';
import { validateDraft, type FieldErrors } from './validation';

/**
 * idle: nothing to do; pending: edits wait for the autosave; saving: a write is in flight;
 * saved: the store has the draft; invalid: the draft breaks a rule (see errors); failed: the store
 * refused or could not be reached; conflict: the card changed elsewhere in the same fields.
 */
export type SavePhase = 'idle' | 'loading' | 'pending' | 'saving' | 'saved' | 'invalid' | 'failed' | 'conflict';

export interface Conflict {
  /** The card as the store has it now. */
  latest: Card;
  /** Fields both this editor and the other change touched, which a person must settle. */
  fields: string[];
  /** For each of those fields: its value in the base, in this draft (mine) and in the store (theirs). */
  values: ConflictField[];
  /** The version the refused write was based on, and the changes it carried. */
  baseVersion: number;
  changes: CardChanges;
}

export interface EditorHooks {
  /** After every successful write: the card as stored, whether it was new, and what changed. */
  saved(card: Card, created: boolean, changes: CardChanges): void;
  /** A failure that belongs in the app banner (the editor shows its own ones inline). */
  error(message: string): void;
}

export interface EditorOptions {
  /** Quiet time after the last edit before it is saved. */
  autosaveMs?: number;
}

/** Whether two drafts hold the same text for the draft field behind a card field. */
function sameDraftField(a: Draft, b: Draft, field: string): boolean {
  return (a as unknown as Record<string, unknown>)[field] === (b as unknown as Record<string, unknown>)[field];
}

/**
 * The open card: its draft, autosave, undo/redo, validation and conflicts. Autosave waits for a
 * short quiet time, then writes only the changed fields on top of the version it last saw; edits
 * made while a write is in flight are sent next, on top of the version that write returned, so no
 * keystroke is lost. One instance per app.
 */
export class EditorState {
  readonly open = signal(false);
  /** The card as last read from or written to the store; null for a new, unsaved card. */
  readonly card = signal<Card | null>(null);
  readonly draft = signal<Draft>(emptyDraft());
  readonly phase = signal<SavePhase>('idle');
  /** Why the last write failed (store message), shown in the editor. */
  readonly failure = signal<string | null>(null);
  readonly conflict = signal<Conflict | null>(null);
  /** Whether the conflict dialog is showing (the person may put it aside and come back through the notice). */
  readonly conflictDialog = signal(false);
  /** Set by an explicit save: shows every rule the draft breaks, the empty name included. */
  readonly showAllErrors = signal(false);
  readonly canUndo = signal(false);
  readonly canRedo = signal(false);
  /** Bumped when the name field should take focus. */
  readonly focusNameToken = signal(0);

  readonly errors = computed<FieldErrors>(() => (this.open.value ? validateDraft(this.draft.value) : {}));

  /** The errors worth showing now: a new card's missing name only after an explicit save. */
  readonly visibleErrors = computed<FieldErrors>(() => {
    const errors = { ...this.errors.value };
    if (errors.name && this.card.value === null && !this.showAllErrors.value) delete errors.name;
    return errors;
  });

  readonly dirty = computed(() => {
    if (!this.open.value) return false;
    const card = this.card.value;
    if (card === null) return !isBlankDraft(this.draft.value);
    return Object.keys(changesFromDraft(card, this.draft.value)).length > 0;
  });

  readonly statusText = computed(() => {
    const phase = this.phase.value;
    const card = this.card.value;
    const dirty = this.dirty.value;
    if (phase === 'loading') return 'Loading…';
    if (phase === 'saving') return 'Saving…';
    if (phase === 'conflict') return 'Not saved — changed elsewhere';
    if (phase === 'failed' && dirty) return 'Not saved';
    if (dirty && Object.keys(this.errors.value).length > 0) {
      return card === null && this.errors.value.name ? 'Name the card to save it' : 'Not saved — check the highlighted field';
    }
    if (dirty) return 'Unsaved changes';
    if (phase === 'saved') return 'Saved';
    if (card === null) return 'New card';
    return 'All changes saved';
  });

  private readonly history = new EditHistory<Draft>();
  private readonly autosaveMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<boolean> | null = null;
  /** Bumped whenever another card (or none) opens; late answers for an older session are ignored. */
  private session = 0;

  constructor(
    private readonly provider: Provider,
    private readonly hooks: EditorHooks,
    options: EditorOptions = {},
  ) {
    this.autosaveMs = options.autosaveMs ?? 400;
  }

  get isSaving(): boolean {
    return this.inFlight !== null;
  }

  // ---- opening and closing ----

  /** Starts a new, unsaved card. */
  startNew(name = ''): void {
    this.reset();
    batch(() => {
      this.card.value = null;
      this.draft.value = emptyDraft('note', name);
      this.open.value = true;
      this.phase.value = 'idle';
      this.focusNameToken.value++;
    });
    if (name !== '') this.scheduleAutosave();
  }

  /** Shows a card read from the store. */
  show(card: Card): void {
    this.reset();
    batch(() => {
      this.card.value = card;
      this.draft.value = draftFromCard(card);
      this.open.value = true;
      this.phase.value = 'idle';
    });
  }

  loading(): void {
    this.phase.value = 'loading';
  }

  close(): void {
    this.reset();
    batch(() => {
      this.open.value = false;
      this.card.value = null;
      this.draft.value = emptyDraft();
      this.phase.value = 'idle';
    });
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.session++;
    this.history.clear();
    batch(() => {
      this.failure.value = null;
      this.conflict.value = null;
      this.conflictDialog.value = false;
      this.showAllErrors.value = false;
      this.syncHistory();
    });
  }

  // ---- editing, undo and redo ----

  updateDraft(patch: Partial<Draft>): void {
    const previous = this.draft.peek();
    const next = { ...previous, ...patch };
    if ((Object.keys(patch) as Array<keyof Draft>).every((k) => previous[k] === next[k])) return;
    this.history.record(previous, Object.keys(patch).sort().join(','));
    this.draft.value = next;
    this.syncHistory();
    this.edited();
  }

  undo(): void {
    const previous = this.history.undo(this.draft.peek());
    if (previous === undefined) return;
    this.draft.value = previous;
    this.syncHistory();
    this.edited();
  }

  redo(): void {
    const next = this.history.redo(this.draft.peek());
    if (next === undefined) return;
    this.draft.value = next;
    this.syncHistory();
    this.edited();
  }

  private syncHistory(): void {
    this.canUndo.value = this.history.canUndo();
    this.canRedo.value = this.history.canRedo();
  }

  private edited(): void {
    if (this.phase.peek() === 'conflict') return;
    if (!this.inFlight) this.phase.value = 'pending';
    this.scheduleAutosave();
  }

  private scheduleAutosave(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(false), this.autosaveMs);
  }

  // ---- saving ----

  /**
   * Writes the draft now. `explicit` (Ctrl+S, the Save button, leaving the card) also reveals a new
   * card's missing name. Resolves true when the store has everything the draft holds.
   */
  save(explicit = true): Promise<boolean> {
    clearTimeout(this.timer);
    if (!this.open.peek()) return Promise.resolve(true);
    if (explicit) this.showAllErrors.value = true;
    if (this.phase.peek() === 'conflict') return Promise.resolve(false);
    // The write in flight sends whatever was typed meanwhile before it settles; anything typed in
    // the instant after its last check goes in a write of its own.
    if (this.inFlight) {
      const draft = this.draft.peek();
      return this.inFlight.then((ok) => (ok && this.draft.peek() === draft && this.dirty.peek() ? this.save(explicit) : ok));
    }
    const run = this.loop(this.session).finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  private async loop(session: number): Promise<boolean> {
    let ok: boolean;
    let sent: Draft;
    do {
      sent = this.draft.peek();
      ok = await this.saveOnce(session);
      // Typed while the write was in flight: send that too, on top of the version it returned. (A
      // draft the store merely normalised is not sent again, so this cannot loop forever.)
    } while (ok && session === this.session && this.draft.peek() !== sent && this.dirty.peek());
    return ok;
  }

  private async saveOnce(session: number): Promise<boolean> {
    const draft = this.draft.peek();
    const base = this.card.peek();
    if (base === null && isBlankDraft(draft)) return true;
    if (Object.keys(validateDraft(draft)).length > 0) {
      this.phase.value = 'invalid';
      if (this.showAllErrors.peek() && validateDraft(draft).name) this.focusNameToken.value++;
      return false;
    }
    const changes = base === null ? {} : changesFromDraft(base, draft);
    if (base !== null && Object.keys(changes).length === 0) {
      if (this.phase.peek() !== 'saved') this.phase.value = 'idle';
      return true;
    }
    this.phase.value = 'saving';
    try {
      const saved =
        base === null
          ? await this.provider.createCard(inputFromDraft(draft))
          : await this.provider.updateCard(base.id, base.version, changes);
      if (session !== this.session) return true;
      batch(() => {
        // The store merged this write with changes made elsewhere: show what it kept in the fields this
        // draft did not change, and where the other (later) value won. Fields typed since stay as typed.
        if (base !== null && saved.version > base.version + 1) {
          const current = this.draft.peek();
          const decided = changedFields(base, saved).filter(
            (f) => !(f in changes) || !sameValue(changes[f as keyof CardChanges], saved[f as keyof Card]),
          );
          this.draft.value = rebaseDraft(current, saved, decided.filter((f) => sameDraftField(current, draft, f)));
        }
        this.card.value = saved;
        this.failure.value = null;
        this.phase.value = 'saved';
      });
      this.hooks.saved(saved, base === null, base === null ? inputFromDraft(draft) : changes);
      return true;
    } catch (e) {
      if (session !== this.session) {
        this.hooks.error(describeError(e, 'save the card'));
        return false;
      }
      if (isBridgeError(e) && e.kind === 'CONFLICT' && base !== null) {
        const details = parseConflictDetails(e.details);
        if (details) {
          this.showConflict(details, base.version, changes);
          return false;
        }
        return this.onConflict(session, base);
      }
      batch(() => {
        this.failure.value = isBridgeError(e) && e.kind === 'INVALID' ? e.message : describeError(e, 'save the card');
        this.phase.value = 'failed';
      });
      return false;
    }
  }

  private showConflict(details: ConflictDetails, baseVersion: number, changes: CardChanges): void {
    batch(() => {
      this.conflict.value = {
        latest: details.card,
        fields: details.fields.map((f) => f.field),
        values: details.fields,
        baseVersion,
        changes,
      };
      this.conflictDialog.value = true;
      this.phase.value = 'conflict';
    });
  }

  /**
   * A store that does not merge refused the write as stale (no details): read the latest version and
   * merge here. When the other change touched other fields than this draft, both are kept and the write
   * is tried again on the new version; otherwise the person chooses.
   */
  private async onConflict(session: number, base: Card): Promise<boolean> {
    let latest: Card;
    try {
      latest = await this.provider.getCard(base.id);
    } catch (e) {
      if (session === this.session) {
        this.failure.value = describeError(e, 'read the latest version of the card');
        this.phase.value = 'failed';
      }
      return false;
    }
    if (session !== this.session) return false;
    const { mine, overlap, rebased } = otherChange(base, this.draft.peek(), latest);
    if (overlap.length === 0) {
      batch(() => {
        this.card.value = latest;
        this.draft.value = rebased;
      });
      return this.saveOnce(session);
    }
    const values = overlap.map((f) => ({
      field: f,
      baseKnown: true,
      base: base[f as keyof Card] ?? null,
      mine: mine[f as keyof CardChanges] ?? null,
      theirs: latest[f as keyof Card] ?? null,
    }));
    this.showConflict({ cardId: base.id, baseVersion: base.version, currentVersion: latest.version, fields: values, card: latest }, base.version, mine);
    return false;
  }

  /**
   * The store has a newer version of the open card (changed in another window or process). A clean
   * editor shows it; a draft keeps its edits and takes the other change's fields that it did not
   * touch. When both changed the same field, the base stays where it is, so the next save meets the
   * store's conflict handling instead of overwriting the other change. A version this editor is still
   * writing waits until the write settles.
   */
  storedChanged(latest: Card | null): void {
    const base = this.card.peek();
    if (!this.open.peek() || base === null) return;
    if (latest === null || latest.id !== base.id) {
      if (latest === null) this.failure.value = 'This card was deleted elsewhere.';
      return;
    }
    if (latest.version <= base.version) return;
    if (this.inFlight) {
      const session = this.session;
      void this.inFlight.then(() => {
        if (session === this.session) this.storedChanged(latest);
      });
      return;
    }
    if (this.phase.peek() === 'conflict') return;
    const { overlap, rebased } = otherChange(base, this.draft.peek(), latest);
    if (overlap.length > 0) return;
    batch(() => {
      this.card.value = latest;
      this.draft.value = rebased;
    });
  }

  /**
   * Settles the conflict with a person's picks, one per conflicting field ('edited' values in `edited`).
   * "Mine" is what the draft holds now. The store checks the card is still at the version compared with
   * and records the resolution; if it moved on again, the new conflict is shown. Resolves true when written.
   */
  async resolve(choices: Record<string, ConflictPick>, edited: Record<string, unknown> = {}): Promise<boolean> {
    const conflict = this.conflict.peek();
    const base = this.card.peek();
    if (!conflict || !base) return false;
    const session = this.session;
    const now = changesFromDraft(base, this.draft.peek());
    const changes: CardChanges = { ...conflict.changes };
    for (const f of conflict.fields) {
      if (f in now) (changes as Record<string, unknown>)[f] = now[f as keyof CardChanges];
    }
    this.phase.value = 'saving';
    try {
      const saved = await this.provider.resolveConflict(base.id, {
        baseVersion: conflict.baseVersion,
        theirsVersion: conflict.latest.version,
        changes,
        choices,
        edited,
      });
      if (session !== this.session) return true;
      const decided = new Set([...conflict.fields, ...changedFields(base, conflict.latest).filter((f) => !(f in changes))]);
      this.history.record(this.draft.peek(), 'conflict');
      batch(() => {
        this.card.value = saved;
        this.draft.value = rebaseDraft(this.draft.peek(), saved, decided);
        this.conflict.value = null;
        this.conflictDialog.value = false;
        this.failure.value = null;
        this.phase.value = 'saved';
        this.syncHistory();
      });
      this.hooks.saved(saved, false, changes);
      if (this.dirty.peek()) this.scheduleAutosave();
      return true;
    } catch (e) {
      if (session !== this.session) return false;
      const stale = isBridgeError(e) && e.kind === 'CONFLICT';
      const details = stale ? parseConflictDetails(e.details) : null;
      if (details) {
        this.showConflict(details, conflict.baseVersion, changes);
      } else if (stale) {
        // The card moved on again and nothing needs a person any more: send the edit again, to merge anew.
        batch(() => {
          this.conflict.value = null;
          this.conflictDialog.value = false;
          this.phase.value = 'pending';
        });
        return this.save(false);
      } else {
        batch(() => {
          this.failure.value = isBridgeError(e) && e.kind === 'INVALID' ? e.message : describeError(e, 'save your choice');
          this.phase.value = 'conflict';
        });
      }
      return false;
    }
  }

  /** Conflict: this draft's value in every conflicting field (the other change's other fields are kept). */
  keepMine(): Promise<boolean> {
    return this.resolve(this.pickAll('mine'));
  }

  /** Conflict: the stored value in every conflicting field (undo brings this draft's values back). */
  takeTheirs(): Promise<boolean> {
    return this.resolve(this.pickAll('theirs'));
  }

  private pickAll(pick: ConflictPick): Record<string, ConflictPick> {
    return Object.fromEntries((this.conflict.peek()?.fields ?? []).map((f) => [f, pick]));
  }

  /**
   * Before the editor shows something else: saves what is pending. Resolves false when the draft
   * cannot be saved (the caller asks the person what to do).
   */
  async flush(): Promise<boolean> {
    if (!this.open.peek()) return true;
    if (this.phase.peek() === 'conflict') return false;
    if (!this.dirty.peek()) {
      clearTimeout(this.timer);
      if (this.inFlight) await this.inFlight;
      return true;
    }
    return this.save(true);
  }
}
