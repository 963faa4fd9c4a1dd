import { useEffect, useRef } from 'preact/hooks';
import { CARD_TYPES, isCardType } from '../model';
import { parseTags } from './draft';
import { absoluteTime } from './format';
import { TYPE_LABELS, TypeIcon } from './icons';
import type { AppState } from './state';

function isExternalUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url);
}

function UnsavedPrompt({ state }: { state: AppState }) {
  if (state.pendingNavigation.value === null) return null;
  return (
    <div class="inline-prompt" role="alertdialog" aria-label="Unsaved changes">
      <span>This card has unsaved changes.</span>
      <div class="inline-prompt-actions">
        <button type="button" class="btn btn-small btn-ghost" onClick={() => state.cancelNavigation()}>
          Keep editing
        </button>
        <button type="button" class="btn btn-small" onClick={() => state.discardAndContinue()}>
          Discard
        </button>
        <button type="button" class="btn btn-small btn-primary" onClick={() => void state.saveAndContinue()}>
          Save
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

  if (state.card.value === null) return null;
  if (!confirming) {
    return (
      <button
        type="button"
        class="btn btn-danger-ghost"
        data-testid="delete"
        disabled={state.phase.value === 'deleting'}
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
          if (e.key === 'Escape') state.cancelDelete();
        }}
      >
        Move to trash
      </button>
    </div>
  );
}

export function Editor({ state }: { state: AppState }) {
  const nameRef = useRef<HTMLInputElement>(null);
  const focusToken = state.focusNameToken.value;
  useEffect(() => {
    if (focusToken > 0) nameRef.current?.focus();
  }, [focusToken]);

  if (!state.editing.value) {
    return (
      <section class="editor-pane editor-placeholder" aria-label="Editor">
        <p class="empty-title">No card open</p>
        <p class="muted">Select a card on the left, or create a new one.</p>
        <button type="button" class="btn" onClick={() => state.requestNew()}>
          New card
        </button>
      </section>
    );
  }

  const draft = state.draft.value;
  const card = state.card.value;
  const phase = state.phase.value;
  const dirty = state.dirty.value;
  const tags = parseTags(draft.tags);
  const busy = phase === 'saving' || phase === 'deleting' || phase === 'loading';

  return (
    <section class="editor-pane" aria-label="Editor">
      <form
        class="editor"
        data-testid="editor"
        onSubmit={(e) => {
          e.preventDefault();
          void state.save();
        }}
      >
        <UnsavedPrompt state={state} />
        <div class="editor-title-row">
          <TypeIcon type={draft.cardType} />
          <input
            ref={nameRef}
            class="editor-name"
            data-testid="editor-name"
            aria-label="Name"
            placeholder="Card name"
            autocomplete="off"
            value={draft.name}
            onInput={(e) => state.updateDraft({ name: e.currentTarget.value })}
          />
        </div>

        <div class="field-grid">
          <label class="field">
            <span class="field-label">Type</span>
            <select
              data-testid="editor-type"
              value={draft.cardType}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (isCardType(value)) state.updateDraft({ cardType: value });
              }}
            >
              {CARD_TYPES.map((type) => (
                <option key={type} value={type}>{TYPE_LABELS[type]}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">Folder</span>
            <input
              data-testid="editor-folder"
              placeholder="e.g. Projects/Isometry"
              autocomplete="off"
              value={draft.folder}
              onInput={(e) => state.updateDraft({ folder: e.currentTarget.value })}
            />
          </label>
          <label class="field field-wide">
            <span class="field-label">Tags</span>
            <input
              data-testid="editor-tags"
              placeholder="Comma-separated, e.g. research, draft"
              autocomplete="off"
              value={draft.tags}
              onInput={(e) => state.updateDraft({ tags: e.currentTarget.value })}
            />
            {tags.length > 0 && (
              <span class="chips" aria-label="Tags">
                {tags.map((tag) => <span class="chip" key={tag}>{tag}</span>)}
              </span>
            )}
          </label>
          <label class="field field-wide">
            <span class="field-label">Summary</span>
            <input
              data-testid="editor-summary"
              placeholder="One line that describes the card"
              autocomplete="off"
              value={draft.summary}
              onInput={(e) => state.updateDraft({ summary: e.currentTarget.value })}
            />
          </label>
        </div>

        <label class="field field-content">
          <span class="field-label">Content <span class="muted">(Markdown)</span></span>
          <textarea
            data-testid="editor-content"
            spellcheck={true}
            placeholder="Write in Markdown…"
            value={draft.content}
            onInput={(e) => state.updateDraft({ content: e.currentTarget.value })}
          />
        </label>

        {card && (
          <p class="editor-meta">
            <span title={absoluteTime(card.createdAt)}>Created {absoluteTime(card.createdAt)}</span>
            <span title={absoluteTime(card.modifiedAt)}>Modified {absoluteTime(card.modifiedAt)}</span>
            {card.url && isExternalUrl(card.url) && (
              <a href={card.url} class="editor-link">{card.url}</a>
            )}
          </p>
        )}

        <footer class="editor-footer">
          <span
            class={`status${dirty ? ' status-dirty' : ''}${phase === 'saved' && !dirty ? ' status-saved' : ''}`}
            data-testid="status"
            role="status"
            aria-live="polite"
          >
            {state.statusText.value}
          </span>
          <div class="editor-actions">
            <DeleteControls state={state} />
            <button
              type="submit"
              class="btn btn-primary"
              data-testid="save"
              disabled={busy}
              title="Save (Ctrl+S)"
            >
              {phase === 'saving' ? 'Saving…' : 'Save'}
            </button>
          </div>
        </footer>
      </form>
    </section>
  );
}
