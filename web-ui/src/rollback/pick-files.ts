import type { ImportFile } from '../data/sqljs/import';
import type { TransferFormat } from '../model';

/**
 * The page's own file chooser for imports in rollback mode (the page cannot read paths): a JSON
 * archive, or Markdown files (several, or a folder where the browser offers that).
 */
export function pickFilesInPage(format: TransferFormat, doc: Document = document): Promise<ImportFile[] | null> {
  return new Promise((resolve, reject) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = format === 'json' ? '.json,application/json' : '.md,.markdown,text/markdown';
    input.multiple = format === 'markdown';
    input.hidden = true;
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.remove();
      if (files.length === 0) {
        resolve(null);
        return;
      }
      Promise.all(files.map(async (f) => ({ path: f.webkitRelativePath || f.name, text: await f.text() })))
        .then(resolve, reject);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    doc.body.appendChild(input);
    input.click();
  });
}

/** Offers `bytes` as a download named `name` (an ordinary browser's way of saving). */
export function downloadBytes(bytes: Uint8Array, name: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-sqlite3' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
