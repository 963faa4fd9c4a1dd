import type { ResolutionEntry } from '../model';
import { showValue } from './ConflictDialog';
import { fieldLabel } from './card-fields';
import { absoluteTime } from './format';
import type { AppState } from './state';

const ORIGINS: Record<string, string> = {
  ui: 'edited here', cli: 'command line', rename: 'a linked card was renamed', base: 'kept as a merge base',
  import: 'import', sample: 'sample', other: 'elsewhere',
};

function describe(r: ResolutionEntry): string {
  const how = r.strategy === 'person' ? 'you chose' : 'the later change won:';
  const kept = r.chosen === 'mine' ? 'the incoming value' : r.chosen === 'theirs' ? 'the stored value' : 'a merged text';
  return `${fieldLabel(r.field)}: ${how} ${kept}`;
}

function Resolution({ r }: { r: ResolutionEntry }) {
  return (
    <li class="history-resolution" data-testid="history-resolution" data-field={r.field} data-strategy={r.strategy} data-chosen={r.chosen}>
      <span class="history-resolution-what">{describe(r)}</span>
      <span class="history-values">
        <span>incoming: <q>{showValue(r.mine)}</q></span>
        <span>stored: <q>{showValue(r.theirs)}</q></span>
        {r.chosen === 'edited' && <span>written: <q>{showValue(r.result)}</q></span>}
        {r.baseKnown ? <span>before both: <q>{showValue(r.base)}</q></span> : <span>the earlier version was no longer kept</span>}
      </span>
    </li>
  );
}

/** The open card's history: versions newest first, each with how conflicting changes to it were settled. */
export function CardHistoryPanel({ state }: { state: AppState }) {
  const history = state.cardHistory;
  const card = state.editor.card.value;
  if (!card) return null;
  const showing = history.open.value && history.cardId.value === card.id;
  return (
    <section class="card-history" aria-label="History">
      <button type="button" class="link-button" data-testid="show-history"
        onClick={() => (showing ? history.hide() : void history.show(card.id))}>
        {showing ? 'Hide history' : 'History'}
      </button>
      {showing && history.error.value && <p class="field-error" role="alert">{history.error.value}</p>}
      {showing && (
        <ol class="history-list" data-testid="history-list">
          {history.versions.value.map((v) => (
            <li key={v.version} class="history-item" data-testid="history-item">
              <span class="history-version">Version {v.version}</span>
              {v.changedAt && <span class="history-when"> · {absoluteTime(v.changedAt)}</span>}
              {v.origin && <span class="history-origin"> · {ORIGINS[v.origin] ?? v.origin}</span>}
              {v.resolutions.length > 0 && (
                <ul class="history-resolutions">
                  {v.resolutions.map((r, i) => <Resolution key={i} r={r} />)}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
