import { batch, computed, signal } from '@preact/signals';
import type { Provider } from '../data/provider';
import type { JobKind, JobProgress, TransferFormat } from '../model';
import { describeError } from './format';

export type JobStep = 'setup' | 'starting' | 'running' | 'done';

/**
 * The import/export dialog and the background job it starts. Progress arrives as pushed `job`
 * events, possibly before the start command has even answered with the job id, so the latest event
 * of every job is kept until its id is known.
 */
export class JobsState {
  /** Which dialog is open; null when none. */
  readonly dialog = signal<JobKind | null>(null);
  readonly format = signal<TransferFormat>('markdown');
  readonly path = signal<string | null>(null);
  readonly step = signal<JobStep>('setup');
  readonly jobId = signal<string | null>(null);
  readonly progress = signal<JobProgress | null>(null);
  /** A failure to choose, start or cancel (the job's own failure is in progress.failed). */
  readonly error = signal<string | null>(null);
  readonly cancelling = signal(false);

  readonly running = computed(() => this.step.value === 'starting' || this.step.value === 'running');

  private readonly latest = new Map<string, JobProgress>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly provider: Provider,
    private readonly onFinished: (progress: JobProgress) => void,
  ) {
    this.unsubscribe = provider.onJob((p) => this.receive(p));
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** Opens the dialog; a running job's dialog is shown again instead. */
  openDialog(kind: JobKind): void {
    if (this.running.peek()) {
      this.dialog.value = this.progress.peek()?.kind ?? this.dialog.peek() ?? kind;
      return;
    }
    batch(() => {
      this.dialog.value = kind;
      this.step.value = 'setup';
      this.path.value = null;
      this.jobId.value = null;
      this.progress.value = null;
      this.error.value = null;
      this.cancelling.value = false;
    });
  }

  /** Hides the dialog; a running job goes on and its dialog can be opened again. */
  closeDialog(): void {
    this.dialog.value = null;
  }

  setFormat(format: TransferFormat): void {
    if (format === this.format.peek()) return;
    batch(() => {
      this.format.value = format;
      this.path.value = null;
    });
  }

  async choosePath(): Promise<void> {
    const kind = this.dialog.peek();
    if (kind === null) return;
    this.error.value = null;
    try {
      const format = this.format.peek();
      const path = kind === 'import'
        ? await this.provider.chooseImportPath(format)
        : await this.provider.chooseExportPath(format);
      if (path !== null) this.path.value = path;
    } catch (e) {
      this.error.value = describeError(e, 'open the file chooser');
    }
  }

  async start(): Promise<void> {
    const kind = this.dialog.peek();
    const path = this.path.peek();
    if (kind === null || path === null || this.running.peek()) return;
    const format = this.format.peek();
    batch(() => {
      this.step.value = 'starting';
      this.error.value = null;
      this.progress.value = null;
    });
    try {
      const jobId = kind === 'import'
        ? await this.provider.startImport(format, path)
        : await this.provider.startExport(format, path);
      batch(() => {
        this.jobId.value = jobId;
        this.step.value = 'running';
      });
      const early = this.latest.get(jobId);
      if (early) this.receive(early);
    } catch (e) {
      batch(() => {
        this.step.value = 'setup';
        this.error.value = describeError(e, kind === 'import' ? 'start the import' : 'start the export');
      });
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.jobId.peek();
    if (jobId === null || this.step.peek() !== 'running') return;
    this.cancelling.value = true;
    try {
      await this.provider.cancelJob(jobId);
    } catch (e) {
      batch(() => {
        this.cancelling.value = false;
        this.error.value = describeError(e, 'cancel');
      });
    }
  }

  private receive(p: JobProgress): void {
    if (p.jobId !== this.jobId.peek()) {
      // Not ours yet (the start reply may still be on its way), or an old job's late event.
      this.latest.set(p.jobId, p);
      if (this.latest.size > 20) this.latest.delete(this.latest.keys().next().value as string);
      return;
    }
    this.latest.delete(p.jobId);
    const previous = this.progress.peek();
    if (previous?.finished) return;
    batch(() => {
      this.progress.value = p;
      if (p.finished) {
        this.step.value = 'done';
        this.cancelling.value = false;
      }
    });
    if (p.finished) this.onFinished(p);
  }
}
