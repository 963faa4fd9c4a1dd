import { useEffect, useRef } from 'preact/hooks';
import { relativeTime } from './format';
import { TypeIcon } from './icons';
import { PageView } from './PageView';
import type { AppState } from './state';

const RETENTION_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '7', label: 'after 7 days' },
  { value: '30', label: 'after 30 days' },
  { value: '90', label: 'after 90 days' },
  { value: 'never', label: 'never' },
];

const DAY = 24 * 60 * 60 * 1000;

function purgeNote(deletedAt: string, retention: number | null | undefined, now: number): string | null {
  if (retention === null || retention === undefined) return null;
  const left = Math.ceil((Date.parse(deletedAt) + retention * DAY - now) / DAY);
  if (Number.isNaN(left)) return null;
  if (left <= 1) return 'Deleted for good within a day';
  return `Deleted for good in ${left} days`;
}

function RetentionPicker({ state }: { state: AppState }) {
  const days = state.trash.retentionDays.value;
  const value = days === null ? 'never' : days === undefined ? '' : String(days);
  const choices = days !== null && days !== undefined && !RETENTION_CHOICES.some((c) => c.value === value)
    ? [{ value, label: `after ${days} days` }, ...RETENTION_CHOICES]
    : RETENTION_CHOICES;
  return (
    <label class="retention">
      <span>Delete trashed cards for good</span>
      <select
        data-testid="trash-retention"
        value={value}
        disabled={days === undefined}
        onChange={(e) => {
          const v = e.currentTarget.value;
          void state.trash.setRetention(v === 'never' ? null : Number(v));
        }}
      >
        {days === undefined && <option value="">…</option>}
        {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    </label>
  );
}

function EmptyTrash({ state }: { state: AppState }) {
  const trash = state.trash;
  const confirmRef = useRef<HTMLButtonElement>(null);
  const confirming = trash.confirmingEmpty.value;
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const total = trash.total.value;
  if (!confirming) {
    return (
      <button
        type="button"
        class="btn btn-danger-ghost"
        data-testid="empty-trash"
        disabled={total === 0 || trash.busy.value}
        onClick={() => trash.askEmpty(true)}
      >
        Empty trash
      </button>
    );
  }
  return (
    <div class="confirm-delete" role="alertdialog" aria-label="Confirm empty trash">
      <span>
        Delete {total === 1 ? 'this card' : `all ${total.toLocaleString('en-US')} cards`} and {total === 1 ? 'its' : 'their'} connections forever? This cannot be undone.
      </span>
      <button type="button" class="btn btn-small btn-ghost" onClick={() => trash.askEmpty(false)}>Cancel</button>
      <button
        ref={confirmRef}
        type="button"
        class="btn btn-small btn-danger"
        data-testid="confirm-empty-trash"
        onClick={async () => {
          const purged = await trash.empty();
          if (purged > 0) state.notify(purged === 1 ? 'Deleted 1 card forever.' : `Deleted ${purged} cards forever.`);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            trash.askEmpty(false);
          }
        }}
      >
        Delete forever
      </button>
    </div>
  );
}

/** The trash: what was deleted, when it goes for good, and the way back. */
export function TrashView({ state, now }: { state: AppState; now: number }) {
  const trash = state.trash;
  const items = trash.items.value;
  const retention = trash.retentionDays.value;
  const confirmingPurge = trash.confirmingPurge.value;
  return (
    <PageView
      label="Trash"
      subtitle={trash.loaded.value
        ? `${trash.total.value.toLocaleString('en-US')} ${trash.total.value === 1 ? 'card' : 'cards'}. Restore a card to bring it back with its connections.`
        : 'Loading…'}
      actions={
        <div class="trash-actions">
          <RetentionPicker state={state} />
          <EmptyTrash state={state} />
        </div>
      }
    >
      {trash.loaded.value && items.length === 0 ? (
        <div class="empty-state" data-testid="trash-empty-state">
          <p class="empty-title">The trash is empty</p>
          <p class="muted">Deleted cards wait here{retention ? ` for ${retention} days` : ''} before they go for good.</p>
        </div>
      ) : (
        <ul class="trash-list">
          {items.map((item) => {
            const note = purgeNote(item.deletedAt, retention, now);
            return (
              <li key={item.id} class="trash-item" data-testid="trash-item" data-card-id={item.id}>
                <TypeIcon type={item.cardType} />
                <div class="trash-main">
                  <span class="trash-name">{item.name}</span>
                  <span class="muted trash-when">
                    Deleted {relativeTime(item.deletedAt, now)}{note ? ` · ${note}` : ''}
                    {item.folder ? ` · ${item.folder}` : ''}
                  </span>
                </div>
                {confirmingPurge === item.id ? (
                  <div class="confirm-delete" role="alertdialog" aria-label="Confirm delete forever">
                    <span>Delete forever?</span>
                    <button type="button" class="btn btn-small btn-ghost" onClick={() => trash.askPurge(null)}>Cancel</button>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      data-testid="confirm-purge"
                      onClick={() => void trash.purge(item.id)}
                    >
                      Delete forever
                    </button>
                  </div>
                ) : (
                  <div class="trash-item-actions">
                    <button type="button" class="btn btn-small" data-testid="restore-card" onClick={() => void trash.restore(item.id)}>
                      Restore
                    </button>
                    <button type="button" class="btn btn-small btn-danger-ghost" data-testid="purge-card" onClick={() => trash.askPurge(item.id)}>
                      Delete forever
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {items.length < trash.total.value && (
        <div class="trash-more">
          <button type="button" class="btn" disabled={trash.loading.value} onClick={() => void trash.load(true)}>
            Show more
          </button>
        </div>
      )}
    </PageView>
  );
}
