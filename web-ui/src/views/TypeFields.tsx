import type { CardType } from '../model';
import { nowLocalInput } from './datetime';
import type { Draft } from './draft';
import { Field, TextInput } from './fields';
import type { FieldErrors } from './validation';

/** Task states offered in the editor; a card imported with another status keeps it as an extra choice. */
export const TASK_STATUSES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'todo', label: 'To do' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'done', label: 'Done' },
];

export const PRIORITIES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '1', label: 'High' },
  { value: '2', label: 'Medium' },
  { value: '3', label: 'Low' },
];

const DATE_PLACEHOLDER = 'YYYY-MM-DD HH:MM';

interface Props {
  draft: Draft;
  errors: FieldErrors;
  update: (patch: Partial<Draft>) => void;
}

function EventFields({ draft, errors, update }: Props) {
  return (
    <div class="field-row" role="group" aria-label="When">
      <TextInput
        label="Starts"
        testId="editor-event-start"
        type="datetime-local"
        placeholder={DATE_PLACEHOLDER}
        value={draft.eventStart}
        error={errors.eventStart}
        onValue={(eventStart) => update({ eventStart })}
      />
      <TextInput
        label="Ends"
        testId="editor-event-end"
        type="datetime-local"
        placeholder={DATE_PLACEHOLDER}
        value={draft.eventEnd}
        error={errors.eventEnd}
        onValue={(eventEnd) => update({ eventEnd })}
      />
    </div>
  );
}

function TaskFields({ draft, errors, update }: Props) {
  const statuses = TASK_STATUSES.some((s) => s.value === draft.status) || draft.status === ''
    ? TASK_STATUSES
    : [...TASK_STATUSES, { value: draft.status, label: draft.status }];
  const priorities = PRIORITIES.some((p) => p.value === draft.priority) || draft.priority === ''
    ? PRIORITIES
    : [...PRIORITIES, { value: draft.priority, label: `Priority ${draft.priority}` }];
  const done = draft.completedAt.trim() !== '';
  return (
    <>
      <div class="field-row" role="group" aria-label="Task">
        <Field
          label="Status"
          render={({ id }) => (
            <select id={id} data-testid="editor-status" value={draft.status} onChange={(e) => update({ status: e.currentTarget.value })}>
              <option value="">No status</option>
              {statuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
            </select>
          )}
        />
        <Field
          label="Priority"
          render={({ id }) => (
            <select id={id} data-testid="editor-priority" value={draft.priority} onChange={(e) => update({ priority: e.currentTarget.value })}>
              <option value="">None</option>
              {priorities.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            </select>
          )}
        />
      </div>
      <div class="field-row" role="group" aria-label="Dates">
        <TextInput
          label="Due"
          testId="editor-due"
          type="datetime-local"
          placeholder={DATE_PLACEHOLDER}
          value={draft.dueAt}
          error={errors.dueAt}
          onValue={(dueAt) => update({ dueAt })}
        />
        <Field
          label={
            <span class="label-with-action">
              Completed
              <button
                type="button"
                class="link-button"
                onClick={() => update(done
                  ? { completedAt: '', status: draft.status === 'done' ? '' : draft.status }
                  : { completedAt: nowLocalInput(), status: 'done' })}
              >
                {done ? 'Mark not done' : 'Mark done now'}
              </button>
            </span>
          }
          error={errors.completedAt}
          render={({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="datetime-local"
              data-testid="editor-completed"
              placeholder={DATE_PLACEHOLDER}
              value={draft.completedAt}
              aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={describedBy}
              onInput={(e) => update({ completedAt: e.currentTarget.value })}
            />
          )}
        />
      </div>
    </>
  );
}

/** The fields only some card types have: event times for events; due, completion, status, priority for tasks. */
export function TypeFields(props: Props & { type: CardType }) {
  if (props.type === 'event') return <EventFields {...props} />;
  if (props.type === 'task') return <TaskFields {...props} />;
  return null;
}

/** Link and place: every card type may have them. */
export function DetailFields({ draft, errors, update }: Props) {
  return (
    <>
      <TextInput
        label="Link"
        wide
        testId="editor-url"
        type="url"
        inputMode="url"
        placeholder="https://…"
        value={draft.url}
        error={errors.url}
        onValue={(value) => update({ url: value })}
      />
      <div class="field-row field-row-place field-wide" role="group" aria-label="Place">
        <TextInput
          label="Place"
          testId="editor-location-name"
          placeholder="e.g. Lisbon office"
          value={draft.locationName}
          error={errors.locationName}
          onValue={(locationName) => update({ locationName })}
        />
        <TextInput
          label="Latitude"
          testId="editor-latitude"
          inputMode="decimal"
          placeholder="-90 to 90"
          value={draft.latitude}
          error={errors.latitude}
          onValue={(latitude) => update({ latitude })}
        />
        <TextInput
          label="Longitude"
          testId="editor-longitude"
          inputMode="decimal"
          placeholder="-180 to 180"
          value={draft.longitude}
          error={errors.longitude}
          onValue={(longitude) => update({ longitude })}
        />
      </div>
    </>
  );
}
