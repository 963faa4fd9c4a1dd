import { useState } from 'preact/hooks';

export interface RollbackOpenProps {
  /** Opens the chosen file; rejects with a reason to show. */
  onOpen: (file: File) => Promise<void>;
}

/** In an ordinary browser (no app around the page): choose a rollback export .db file to open. */
export function RollbackOpen({ onOpen }: RollbackOpenProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async (e: Event): Promise<void> => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await onOpen(file);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <div class="rollback-open" data-testid="rollback-open">
      <h1>Isometry — rollback mode</h1>
      <p>
        Open a rollback export (a <code>.db</code> file from the data folder's <code>rollback/</code> directory) to
        read and edit your cards in this browser. Nothing leaves this page; save your changes with Download.
      </p>
      <label class="btn">
        {busy ? 'Opening…' : 'Choose a rollback export…'}
        <input type="file" accept=".db,.sqlite,application/x-sqlite3" data-testid="rollback-file" disabled={busy}
          onChange={(e) => void choose(e)} hidden />
      </label>
      {error !== null && <p class="rollback-open-error" role="alert" data-testid="rollback-open-error">{error}</p>}
    </div>
  );
}
