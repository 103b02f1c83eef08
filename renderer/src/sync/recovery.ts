/**
 * Saving a recovery file (`@shared/recovery/format`, written by
 * `db/repositories/recovery.ts`) through the browser's download; the Electron
 * shell shows its save dialog.
 */
import { type RecoveryFile, recoveryFileName, serializeRecovery } from '@shared/recovery/format';

/** Saves the file through the browser's download (the Electron shell shows its save dialog). */
export function downloadRecoveryFile(file: RecoveryFile, doc: Document = document): string {
  const name = recoveryFileName(file);
  const url = URL.createObjectURL(new Blob([serializeRecovery(file)], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return name;
}
