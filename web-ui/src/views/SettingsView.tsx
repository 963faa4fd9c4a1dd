import type { MergeStrategy } from '../model';
import { fieldLabel, PERSON_FIELDS } from './card-fields';
import { PageView } from './PageView';
import type { AppState } from './state';

const CHOICES: ReadonlyArray<{ value: MergeStrategy; label: string }> = [
  { value: 'ask', label: 'Ask me' },
  { value: 'last-writer-wins', label: 'Keep the later edit' },
];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Settings kept with the data. For now: what happens when the same field of a card was changed
 * differently in two places (another window, a script, an edit replayed after a reconnect).
 */
export function SettingsView({ state }: { state: AppState }) {
  const merge = state.mergeSettings;
  const strategies = merge.strategies.value;
  return (
    <PageView label="Settings" subtitle="Kept with your cards, so every window and the command line follow them.">
      <section class="settings-section" aria-labelledby="merge-heading">
        <h2 id="merge-heading" class="settings-heading">When two edits meet</h2>
        <p class="muted settings-note">
          A change to a field nobody else touched is always kept. When the same field was changed differently in two
          places, Isometry either asks you, showing both versions side by side, or keeps the edit made later.
          Every such decision is listed in the card's history.
        </p>
        {strategies === null ? (
          <p class="muted">Loading…</p>
        ) : (
          <table class="settings-table" data-testid="merge-strategies">
            <tbody>
              {PERSON_FIELDS.map((field) => (
                <tr key={field}>
                  <th scope="row">{capitalize(fieldLabel(field))}</th>
                  <td>
                    <select
                      data-testid={`merge-strategy-${field}`}
                      aria-label={`When two edits of the ${fieldLabel(field)} meet`}
                      value={strategies[field] ?? 'last-writer-wins'}
                      disabled={merge.saving.value}
                      onChange={(e) => void merge.set(field, e.currentTarget.value as MergeStrategy)}
                    >
                      {CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button
          type="button"
          class="btn btn-small"
          data-testid="merge-strategies-reset"
          disabled={strategies === null || merge.saving.value}
          onClick={() => void merge.reset()}
        >
          Back to the defaults
        </button>
      </section>
    </PageView>
  );
}
