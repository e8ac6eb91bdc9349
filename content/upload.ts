// The upload guard (issue 4 item 5): files whose names carry a 要機密 marker, chosen, dropped or pasted
// on a site that is neither the organisation's nor approved for 機密性2 or above, never reach the page.
// Whether this site may take them is asked once, ahead (on the first click, focus or drag); until it
// is known, marked files are held back, and handed over only if the answer allows them.
import type { SubmissionPath } from '@/shared/web/form-messages';
import { FORM_UI } from '@/shared/i18n/form-messages';
import { hasConfidentialMarker } from '@/shared/markers/confidential';
import { askWorker } from './ask-worker';
import { showDialog } from './dialog';

const STATUS_TTL = 60_000;

export function startUploadGuard(report: (path: SubmissionPath, files: number) => void): void {
  let allowed: boolean | null = null;
  let askedAt = 0;
  let pending: Promise<boolean | null> | null = null;

  function status(): Promise<boolean | null> {
    if (allowed !== null && Date.now() - askedAt < STATUS_TTL) return Promise.resolve(allowed);
    pending ??= askWorker({ type: 'form-upload', files: [] }).then((v) => {
      pending = null;
      askedAt = Date.now();
      allowed = v ? v.verdict === 'allow' : null;
      return allowed;
    });
    return pending;
  }
  const allowedNow = () => allowed === true && Date.now() - askedAt < STATUS_TTL;

  /** True when the files may go to the page after all; otherwise the user is told, naming them. */
  async function judged(marked: string[], path: SubmissionPath): Promise<boolean> {
    if ((await status()) === true) return true;
    report(path, marked.length);
    const v = await askWorker({ type: 'form-upload', files: marked });
    void showDialog({
      mode: 'upload',
      destination: v?.destination ?? null,
      findings: v?.findings ?? [],
      kinds: [],
      ...(v ? {} : { note: FORM_UI.failed }),
    });
    return false;
  }

  const markedNames = (files: readonly File[]) => files.map((f) => f.name).filter((n) => hasConfidentialMarker(n));
  const copy = (files: readonly File[]) => {
    const keep = new DataTransfer();
    for (const f of files) keep.items.add(f);
    return keep;
  };
  const prefetch = () => {
    if (!allowedNow() && !pending) void status();
  };

  function onPick(e: Event) {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    const files = Array.from(input.files ?? []);
    const marked = markedNames(files);
    if (!marked.length || allowedNow()) return;
    e.stopImmediatePropagation();
    const keep = copy(files);
    input.value = ''; // the page finds nothing chosen
    void judged(marked, 'upload').then((ok) => {
      if (!ok) return;
      input.files = keep.files;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }

  function onDrop(e: DragEvent) {
    const files = Array.from(e.dataTransfer?.files ?? []);
    const marked = markedNames(files);
    if (!marked.length || allowedNow()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = e.target;
    const init = {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: e.clientX,
      clientY: e.clientY,
      dataTransfer: copy(files),
    };
    void judged(marked, 'drop').then((ok) => {
      if (ok && target) target.dispatchEvent(new DragEvent('drop', init));
    });
  }

  function onPaste(e: ClipboardEvent) {
    const files = Array.from(e.clipboardData?.files ?? []);
    const marked = markedNames(files);
    if (!marked.length || allowedNow()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = e.target;
    const init = { bubbles: true, cancelable: true, composed: true, clipboardData: copy(files) };
    void judged(marked, 'drop').then((ok) => {
      if (ok && target) target.dispatchEvent(new ClipboardEvent('paste', init));
    });
  }

  // Only where a file can be chosen: most pages have no file input and never ask.
  window.addEventListener(
    'pointerdown',
    () => {
      if (document.querySelector('input[type=file]')) prefetch();
    },
    true,
  );
  window.addEventListener('dragenter', prefetch, true);
  window.addEventListener(
    'focusin',
    (e) => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'file') prefetch();
    },
    true,
  );
  window.addEventListener('input', onPick, true);
  window.addEventListener('change', onPick, true);
  window.addEventListener('drop', onDrop, true);
  window.addEventListener('paste', onPaste, true);
}
