import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import { useState } from 'preact/hooks';
import type { ConflictField, ConflictPick } from '../model';
import { fieldLabel } from './card-fields';
import type { Conflict } from './editor-state';
import type { AppState } from './state';

/** Fields a person may settle by writing the merged text themselves. */
const EDITABLE = new Set(['content', 'name', 'summary', 'locationName', 'folder', 'status', 'url']);

/** A field value as a person reads it. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return String(value);
}

/**
 * The text diff from theirs to mine: word by word for one-line values, line by line otherwise. Rendered
 * as text nodes in ins/del elements, never as markup, so content cannot inject anything.
 */
export function TextDiff({ theirs, mine }: { theirs: string; mine: string }) {
  const multiline = theirs.includes('\n') || mine.includes('\n');
  const parts: Change[] = multiline ? diffLines(theirs, mine) : diffWordsWithSpace(theirs, mine);
  return (
    <pre class="conflict-diff" data-testid="conflict-diff">
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>{p.value}</ins>
        ) : p.removed ? (
          <del key={i}>{p.value}</del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </pre>
  );
}

interface Choice {
  pick: ConflictPick;
  text: string;
}

function FieldChoice({ field, choice, onChange }: { field: ConflictField; choice: Choice; onChange: (c: Choice) => void }) {
  const name = field.field;
  const editable = EDITABLE.has(name);
  return (
    <fieldset class="conflict-field" data-testid={`conflict-field-${name}`}>
      <legend>{fieldLabel(name)}</legend>
      {!field.baseKnown && (
        <p class="conflict-note">The version you started from is no longer kept, so it cannot be told which side changed this.</p>
      )}
      <div class="conflict-sides">
        <label class={`conflict-side${choice.pick === 'mine' ? ' selected' : ''}`}>
          <input type="radio" name={`pick-${name}`} data-testid={`conflict-pick-mine-${name}`} checked={choice.pick === 'mine'}
            onChange={() => onChange({ ...choice, pick: 'mine' })} />
          <span class="conflict-side-title">Yours (this window)</span>
          <span class="conflict-value" data-testid={`conflict-mine-${name}`}>{showValue(field.mine)}</span>
        </label>
        <label class={`conflict-side${choice.pick === 'theirs' ? ' selected' : ''}`}>
          <input type="radio" name={`pick-${name}`} data-testid={`conflict-pick-theirs-${name}`} checked={choice.pick === 'theirs'}
            onChange={() => onChange({ ...choice, pick: 'theirs' })} />
          <span class="conflict-side-title">Saved elsewhere</span>
          <span class="conflict-value" data-testid={`conflict-theirs-${name}`}>{showValue(field.theirs)}</span>
        </label>
      </div>
      {typeof field.mine === 'string' && typeof field.theirs === 'string' && (
        <details class="conflict-diff-block" open={name === 'content'}>
          <summary>What changed from the saved text to yours</summary>
          <TextDiff theirs={field.theirs} mine={field.mine} />
        </details>
      )}
      {editable && (
        <label class={`conflict-edit${choice.pick === 'edited' ? ' selected' : ''}`}>
          <span>
            <input type="radio" name={`pick-${name}`} data-testid={`conflict-pick-edited-${name}`} checked={choice.pick === 'edited'}
              onChange={() => onChange({ ...choice, pick: 'edited' })} />
            {' '}Write the merged text
          </span>
          <textarea data-testid={`conflict-edited-${name}`} rows={name === 'content' ? 8 : 2} value={choice.text}
            onInput={(e) => onChange({ pick: 'edited', text: (e.target as HTMLTextAreaElement).value })} />
        </label>
      )}
      {field.baseKnown && <p class="conflict-base">Before either change: {showValue(field.base)}</p>}
    </fieldset>
  );
}

function initialChoices(conflict: Conflict): Record<string, Choice> {
  return Object.fromEntries(
    conflict.values.map((f) => [f.field, { pick: 'mine' as ConflictPick, text: typeof f.mine === 'string' ? f.mine : showValue(f.mine) }]),
  );
}

/**
 * The conflict dialog: for each field changed both here and elsewhere, both versions side by side (with a
 * text diff for text), and the person picks theirs, mine, or writes the merged text. Applying writes the
 * choices through the store, which records them in the card's history.
 */
export function ConflictDialog({ state }: { state: AppState }) {
  const editor = state.editor;
  const conflict = editor.conflict.value;
  // The picks belong to the conflict they were made for: a new conflict starts from its own defaults at
  // once (not in an effect after the first paint, which could undo a pick made before it ran).
  const [picked, setPicked] = useState<{ of: Conflict | null; choices: Record<string, Choice> }>({ of: null, choices: {} });
  if (!conflict || !editor.conflictDialog.value) return null;
  const current = { ...initialChoices(conflict), ...(picked.of === conflict ? picked.choices : {}) };
  const setChoices = (choices: Record<string, Choice>) => setPicked({ of: conflict, choices });
  const apply = () => {
    const picks: Record<string, ConflictPick> = {};
    const edited: Record<string, unknown> = {};
    for (const f of conflict.fields) {
      const c = current[f]!;
      picks[f] = c.pick;
      if (c.pick === 'edited') edited[f] = c.text;
    }
    void editor.resolve(picks, edited);
  };
  const saving = editor.phase.value === 'saving';
  return (
    <div class="modal-backdrop" data-testid="conflict-dialog-backdrop">
      <div class="modal conflict-dialog" role="dialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title" class="modal-title">This card was changed elsewhere</h2>
        <p>
          While you edited, the same {conflict.fields.length === 1 ? 'field was' : 'fields were'} changed elsewhere
          (now version {conflict.latest.version}). Choose what to keep for each; everything else was merged.
        </p>
        {editor.failure.value && <p class="field-error" role="alert">{editor.failure.value}</p>}
        {conflict.values.map((f) => (
          <FieldChoice key={f.field} field={f} choice={current[f.field]!}
            onChange={(c) => setChoices({ ...current, [f.field]: c })} />
        ))}
        <div class="modal-actions">
          <button type="button" class="btn btn-ghost" data-testid="conflict-later" onClick={() => (editor.conflictDialog.value = false)}>
            Decide later
          </button>
          <button type="button" class="btn btn-primary" data-testid="conflict-apply" disabled={saving} onClick={apply}>
            Save these choices
          </button>
        </div>
      </div>
    </div>
  );
}
