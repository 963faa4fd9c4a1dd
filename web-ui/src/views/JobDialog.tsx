import { useEffect, useRef } from 'preact/hooks';
import { TRANSFER_FORMATS, type JobProgress, type TransferFormat } from '../model';
import type { AppState } from './state';

const FORMATS: Record<TransferFormat, { label: string; import: string; export: string; choose: { import: string; export: string } }> = {
  markdown: {
    label: 'Markdown folder',
    import: 'A folder of .md files, as Obsidian or Joplin keep them. Sub-folders become folders; YAML front matter fills the fields; [[links]] become connections.',
    export: 'One .md file per card with YAML front matter, in sub-folders by folder.',
    choose: { import: 'Choose folder…', export: 'Choose folder…' },
  },
  csv: {
    label: 'CSV file',
    import: 'A spreadsheet with a header row naming the fields (name, cardType, folder, tags, …).',
    export: 'One row per card, one column per field.',
    choose: { import: 'Choose file…', export: 'Save as…' },
  },
  json: {
    label: 'JSON file',
    import: 'An Isometry JSON export: cards and connections exactly as they were.',
    export: 'Every card and connection, lossless. The format for backups and moving to another computer.',
    choose: { import: 'Choose file…', export: 'Save as…' },
  },
};

const n = (x: number): string => x.toLocaleString('en-US');

function ProgressBar({ progress }: { progress: JobProgress | null }) {
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const determinate = total > 0;
  const percent = determinate ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div class="job-progress-block">
      <div
        class={`progress${determinate ? '' : ' progress-indeterminate'}`}
        role="progressbar"
        data-testid="job-progress"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={determinate ? total : undefined}
        aria-valuenow={determinate ? done : undefined}
        aria-valuetext={determinate ? `${n(done)} of ${n(total)}` : 'Starting'}
      >
        <div class="progress-fill" style={{ width: determinate ? `${percent}%` : undefined }} />
      </div>
      <p class="job-phase">
        <span>{progress?.phase ? progress.phase.charAt(0).toUpperCase() + progress.phase.slice(1) : 'Starting…'}</span>
        {determinate && <span class="muted">{n(done)} of {n(total)} · {percent}%</span>}
      </p>
    </div>
  );
}

function Outcome({ progress }: { progress: JobProgress }) {
  const importing = progress.kind === 'import';
  let headline: string;
  let tone = 'ok';
  if (progress.failed) {
    headline = `${importing ? 'The import' : 'The export'} failed: ${progress.failed}`;
    tone = 'bad';
  } else if (progress.cancelled) {
    headline = importing
      ? 'Import cancelled. Cards from finished batches were kept; nothing was half-written.'
      : 'Export cancelled.';
    tone = 'warn';
  } else {
    headline = importing ? 'Import finished.' : `Export finished: ${n(progress.done)} ${progress.done === 1 ? 'card' : 'cards'} written.`;
  }
  return (
    <div class={`job-outcome job-outcome-${tone}`} role="status" data-testid="job-outcome">
      <p class="job-headline">{headline}</p>
      {importing && (
        <p class="job-counts">
          <strong>{n(progress.imported)}</strong> new {progress.imported === 1 ? 'card' : 'cards'},{' '}
          <strong>{n(progress.updated)}</strong> updated
          {progress.errors.length > 0 && <>, <strong>{n(progress.errors.length)}</strong> {progress.errors.length === 1 ? 'file' : 'files'} skipped</>}.
        </p>
      )}
    </div>
  );
}

function ErrorList({ errors }: { errors: JobProgress['errors'] }) {
  if (errors.length === 0) return null;
  return (
    <div class="job-errors" data-testid="job-errors">
      <p class="job-errors-title">
        {errors.length === 1 ? 'One file could not be read' : `${n(errors.length)} files could not be read`}; everything else was kept:
      </p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <span class="job-error-file" title={e.file}>{e.file || '(unnamed)'}</span>
            <span class="job-error-message">{e.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Import or export: choose a format and a place, start, watch the progress, cancel, read the outcome. */
export function JobDialog({ state }: { state: AppState }) {
  const jobs = state.jobs;
  const kind = jobs.dialog.value;
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (kind !== null) dialogRef.current?.querySelector<HTMLElement>('input, button:not([disabled])')?.focus();
  }, [kind]);
  if (kind === null) return null;

  const step = jobs.step.value;
  const format = jobs.format.value;
  const path = jobs.path.value;
  const progress = jobs.progress.value;
  const running = jobs.running.value;
  const title = kind === 'import' ? 'Import cards' : 'Export cards';

  return (
    <div
      class="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && !running) jobs.closeDialog();
      }}
    >
      <div
        ref={dialogRef}
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="job-dialog-title"
        data-testid="job-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            jobs.closeDialog();
          }
        }}
      >
        <h2 id="job-dialog-title" class="modal-title">{title}</h2>

        {step === 'setup' && (
          <>
            <fieldset class="format-choice">
              <legend class="field-label">Format</legend>
              {TRANSFER_FORMATS.map((f) => (
                <label key={f} class={f === format ? 'format-option selected' : 'format-option'}>
                  <input
                    type="radio"
                    name="job-format"
                    value={f}
                    data-testid={`job-format-${f}`}
                    checked={f === format}
                    onChange={() => jobs.setFormat(f)}
                  />
                  <span>
                    <span class="format-name">{FORMATS[f].label}</span>
                    <span class="format-desc muted">{FORMATS[f][kind]}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div class="job-path">
              <button type="button" class="btn" data-testid="job-choose" onClick={() => void jobs.choosePath()}>
                {FORMATS[format].choose[kind]}
              </button>
              <span class={path ? 'job-path-text' : 'job-path-text muted'} data-testid="job-path" title={path ?? undefined}>
                {path ?? (kind === 'import' ? 'Nothing chosen yet' : 'No destination chosen yet')}
              </span>
            </div>
          </>
        )}

        {step !== 'setup' && (
          <>
            <p class="job-source muted" title={path ?? undefined}>
              {FORMATS[format].label} · {path}
            </p>
            {(running || (progress && !progress.finished)) && <ProgressBar progress={progress} />}
            {progress?.finished && <Outcome progress={progress} />}
            {progress && <ErrorList errors={progress.errors} />}
          </>
        )}

        {jobs.error.value && <p class="field-error" role="alert" data-testid="job-error">{jobs.error.value}</p>}

        <div class="modal-actions">
          {step === 'setup' && (
            <>
              <button type="button" class="btn btn-ghost" onClick={() => jobs.closeDialog()}>Cancel</button>
              <button
                type="button"
                class="btn btn-primary"
                data-testid="job-start"
                disabled={path === null}
                onClick={() => void jobs.start()}
              >
                {kind === 'import' ? 'Import' : 'Export'}
              </button>
            </>
          )}
          {running && (
            <>
              <button type="button" class="btn btn-ghost" onClick={() => jobs.closeDialog()} title="The job goes on; open this again from the sidebar">
                Hide
              </button>
              <button
                type="button"
                class="btn btn-danger-ghost"
                data-testid="job-cancel"
                disabled={step !== 'running' || jobs.cancelling.value}
                onClick={() => void jobs.cancel()}
              >
                {jobs.cancelling.value ? 'Cancelling…' : 'Cancel'}
              </button>
            </>
          )}
          {step === 'done' && (
            <button type="button" class="btn btn-primary" data-testid="job-close" onClick={() => jobs.closeDialog()}>
              Done
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
