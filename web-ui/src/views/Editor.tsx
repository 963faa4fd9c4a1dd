import { useEffect, useRef, useState } from 'preact/hooks';
import { CARD_TYPES, isCardType } from '../model';
import { CardHistoryPanel } from './CardHistoryPanel';
import { ConflictDialog } from './ConflictDialog';
import { ConnectionsPanel } from './ConnectionsPanel';
import { parseTags, type Draft } from './draft';
import { fieldLabel } from './card-fields';
import { Field, TextInput } from './fields';
import { absoluteTime } from './format';
import { TYPE_LABELS, TypeIcon } from './icons';
import { Preview } from './Preview';
import type { AppState } from './state';
import { DetailFields, TypeFields } from './TypeFields';

type ContentMode = 'write' | 'split' | 'preview';

function isExternalUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url);
}

function UnsavedPrompt({ state }: { state: AppState }) {
  if (state.pendingNavigation.value === null) return null;
  const errors = Object.values(state.editor.errors.value);
  const conflict = state.editor.phase.value === 'conflict';
  const reason = conflict
    ? 'This card changed elsewhere; choose a version first, or discard your edits.'
    : errors.length > 0
      ? `This card cannot be saved yet: ${errors[0]}`
      : 'This card could not be saved.';
  return (
    <div class="inline-prompt" role="alertdialog" aria-label="Unsaved changes">
      <span>{reason}</span>
      <div class="inline-prompt-actions">
        <button type="button" class="btn btn-small btn-ghost" onClick={() => state.cancelNavigation()}>
          Keep editing
        </button>
        <button type="button" class="btn btn-small" data-testid="discard-changes" onClick={() => state.discardAndContinue()}>
          Discard changes
        </button>
      </div>
    </div>
  );
}

function ConflictBar({ state }: { state: AppState }) {
  const conflict = state.editor.conflict.value;
  if (!conflict) return null;
  const fields = conflict.fields.map(fieldLabel).join(', ');
  return (
    <div class="conflict-bar" role="alert" data-testid="conflict">
      <span>
        This card was changed elsewhere while you edited it ({fields}). Your version is still here and has not been saved.
      </span>
      <div class="inline-prompt-actions">
        <button type="button" class="btn btn-small" data-testid="conflict-open" onClick={() => (state.editor.conflictDialog.value = true)}>
          Compare…
        </button>
        <button type="button" class="btn btn-small" data-testid="conflict-take-theirs" onClick={() => void state.editor.takeTheirs()}>
          Use the other version
        </button>
        <button type="button" class="btn btn-small btn-primary" data-testid="conflict-keep-mine" onClick={() => void state.editor.keepMine()}>
          Keep mine
        </button>
      </div>
    </div>
  );
}

function DeleteControls({ state }: { state: AppState }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const confirming = state.confirmingDelete.value;
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (state.editor.card.value === null) return null;
  if (!confirming) {
    return (
      <button
        type="button"
        class="btn btn-danger-ghost"
        data-testid="delete"
        disabled={state.deleting.value}
        onClick={() => state.askDelete()}
      >
        Delete
      </button>
    );
  }
  return (
    <div class="confirm-delete" role="alertdialog" aria-label="Confirm delete">
      <span>Move this card to the trash?</span>
      <button type="button" class="btn btn-small btn-ghost" onClick={() => state.cancelDelete()}>
        Cancel
      </button>
      <button
        ref={confirmRef}
        type="button"
        class="btn btn-small btn-danger"
        data-testid="confirm-delete"
        onClick={() => void state.confirmDelete()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            state.cancelDelete();
          }
        }}
      >
        Move to trash
      </button>
    </div>
  );
}

function ContentField({ state, draft, mode, setMode }: {
  state: AppState;
  draft: Draft;
  mode: ContentMode;
  setMode: (mode: ContentMode) => void;
}) {
  return (
    <div class={`field field-content content-${mode}`}>
      <div class="content-head">
        <label class="field-label" for="editor-content">Content <span class="muted">(Markdown)</span></label>
        <div class="segmented" role="group" aria-label="Content view">
          {(['write', 'split', 'preview'] as const).map((m) => (
            <button
              key={m}
              type="button"
              class={mode === m ? 'segment active' : 'segment'}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {m === 'write' ? 'Write' : m === 'split' ? 'Split' : 'Preview'}
            </button>
          ))}
        </div>
      </div>
      <div class="content-body">
        {mode !== 'preview' && (
          <textarea
            id="editor-content"
            data-testid="editor-content"
            spellcheck={true}
            placeholder="Write in Markdown… Link another card with [[Card name]]."
            value={draft.content}
            onInput={(e) => state.editor.updateDraft({ content: e.currentTarget.value })}
          />
        )}
        {mode !== 'write' && (
          <Preview content={draft.content} links={state.links} onOpenCard={(name) => void state.openCardByName(name)} />
        )}
      </div>
    </div>
  );
}

export function Editor({ state }: { state: AppState }) {
  const editor = state.editor;
  const nameRef = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<ContentMode>('split');
  const focusToken = editor.focusNameToken.value;
  useEffect(() => {
    if (focusToken > 0) nameRef.current?.focus();
  }, [focusToken]);

  if (!editor.open.value) {
    return (
      <section class="editor-pane editor-placeholder" aria-label="Editor">
        <p class="empty-title">No card open</p>
        <p class="muted">Select a card on the left, or create a new one.</p>
        <button type="button" class="btn" onClick={() => state.requestNew()}>
          New card
        </button>
        <p class="shortcuts muted">
          <kbd>Ctrl</kbd>+<kbd>N</kbd> new card · <kbd>Ctrl</kbd>+<kbd>K</kbd> or <kbd>/</kbd> search
        </p>
      </section>
    );
  }

  const draft = editor.draft.value;
  const card = editor.card.value;
  const phase = editor.phase.value;
  const dirty = editor.dirty.value;
  const errors = editor.visibleErrors.value;
  const failure = editor.failure.value;
  const tags = parseTags(draft.tags);
  const update = (patch: Partial<Draft>) => editor.updateDraft(patch);
  const statusClass = phase === 'saving' ? ' status-saving'
    : phase === 'failed' || phase === 'conflict' || (dirty && Object.keys(errors).length > 0) ? ' status-problem'
      : dirty ? ' status-dirty' : phase === 'saved' ? ' status-saved' : '';

  return (
    <section class="editor-pane" aria-label="Editor">
      <form
        class="editor"
        data-testid="editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void editor.save();
        }}
      >
        <UnsavedPrompt state={state} />
        <ConflictBar state={state} />
        <ConflictDialog state={state} />
        <div class="editor-title-row">
          <TypeIcon type={draft.cardType} />
          <input
            ref={nameRef}
            class={`editor-name${errors.name ? ' invalid' : ''}`}
            data-testid="editor-name"
            aria-label="Name"
            aria-invalid={errors.name ? 'true' : undefined}
            aria-describedby={errors.name ? 'editor-name-error' : undefined}
            placeholder="Card name"
            autocomplete="off"
            value={draft.name}
            onInput={(e) => update({ name: e.currentTarget.value })}
          />
        </div>
        {errors.name && (
          <p class="field-error field-error-name" id="editor-name-error" data-testid="validation-error" role="alert">{errors.name}</p>
        )}

        <div class="field-grid">
          <Field
            label="Type"
            render={({ id }) => (
              <select
                id={id}
                data-testid="editor-type"
                value={draft.cardType}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  if (isCardType(value)) update({ cardType: value });
                }}
              >
                {CARD_TYPES.map((type) => (
                  <option key={type} value={type}>{TYPE_LABELS[type]}</option>
                ))}
              </select>
            )}
          />
          <TextInput
            label="Folder"
            testId="editor-folder"
            placeholder="e.g. Projects/Isometry"
            value={draft.folder}
            error={errors.folder}
            onValue={(folder) => update({ folder })}
          />
          <TextInput
            label="Tags"
            wide
            testId="editor-tags"
            placeholder="Comma-separated, e.g. research, draft"
            value={draft.tags}
            error={errors.tags}
            hint={tags.length > 0 ? (
              <span class="chips" aria-label="Tags">
                {tags.map((tag) => <span class="chip" key={tag}>{tag}</span>)}
              </span>
            ) : undefined}
            onValue={(value) => update({ tags: value })}
          />
          <TextInput
            label="Summary"
            wide
            testId="editor-summary"
            placeholder="One line that describes the card"
            value={draft.summary}
            error={errors.summary}
            onValue={(summary) => update({ summary })}
          />
          <div class="field-wide type-fields">
            <TypeFields type={draft.cardType} draft={draft} errors={errors} update={update} />
          </div>
          <DetailFields draft={draft} errors={errors} update={update} />
        </div>

        <ContentField state={state} draft={draft} mode={mode} setMode={setMode} />

        {card && (
          <p class="editor-meta">
            <span>Created {absoluteTime(card.createdAt)}</span>
            <span>Modified {absoluteTime(card.modifiedAt)}</span>
            {card.url && isExternalUrl(card.url) && (
              <a href={card.url} class="editor-link">{card.url}</a>
            )}
          </p>
        )}

        <footer class="editor-footer">
          <span class={`status${statusClass}`} data-testid="status" role="status" aria-live="polite">
            {editor.statusText.value}
          </span>
          {failure && phase === 'failed' && (
            <span class="save-failure" data-testid="save-failure" role="alert">
              {failure}
              <button type="button" class="link-button" onClick={() => void editor.save()}>Try again</button>
            </span>
          )}
          <div class="editor-actions">
            <button
              type="button"
              class="btn btn-icon btn-ghost"
              data-testid="undo"
              title="Undo (Ctrl+Z)"
              aria-label="Undo"
              disabled={!editor.canUndo.value}
              onClick={() => editor.undo()}
            >
              ↶
            </button>
            <button
              type="button"
              class="btn btn-icon btn-ghost"
              data-testid="redo"
              title="Redo (Ctrl+Shift+Z)"
              aria-label="Redo"
              disabled={!editor.canRedo.value}
              onClick={() => editor.redo()}
            >
              ↷
            </button>
            <DeleteControls state={state} />
            <button
              type="submit"
              class="btn btn-primary"
              data-testid="save"
              disabled={phase === 'loading' || phase === 'conflict'}
              title="Save now (Ctrl+S); changes are also saved as you type"
            >
              {phase === 'saving' ? 'Saving…' : 'Save'}
            </button>
          </div>
        </footer>
      </form>
      <ConnectionsPanel state={state} />
      <CardHistoryPanel state={state} />
    </section>
  );
}
