// Helpers of the guard's second look at a form submission (issue 11), after the page's own listeners ran:
// what the browser's formdata event says will be sent, and how to stop a submission that can no longer be
// cancelled.
import type { FieldFact } from '@/shared/web/form-sensitivity';

/** The entries of a formdata event, as fields (a file by its name). */
export function fieldsOfFormData(data: FormData | null | undefined): FieldFact[] | undefined {
  if (!data) return undefined;
  const out: FieldFact[] = [];
  try {
    for (const [name, value] of data.entries()) {
      if (typeof value === 'string') out.push({ name, value });
      else out.push({ name, value: '', type: 'file', fileName: value.name });
    }
  } catch {
    return undefined;
  }
  return out;
}

/** The same names, values and file names, in the same order (types aside: a FormData has none). */
export function sameFields(a: readonly FieldFact[], b: readonly FieldFact[]): boolean {
  const sent = (f: FieldFact) => !(f.type === 'file' && !f.fileName);
  const x = a.filter(sent);
  const y = b.filter(sent);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++)
    if (x[i]!.name !== y[i]!.name || x[i]!.value !== y[i]!.value || (x[i]!.fileName ?? '') !== (y[i]!.fileName ?? ''))
      return false;
  return true;
}

/**
 * Stops a form submission already past its submit event: a form not in its document cannot navigate, and
 * the browser checks that right after the formdata event. It goes back in its place in the next task.
 */
export function abortSubmission(form: HTMLFormElement): void {
  const parent = form.parentNode;
  if (!parent) return;
  const next = form.nextSibling;
  form.remove();
  setTimeout(() => {
    if (form.parentNode) return;
    if (next && next.parentNode === parent) parent.insertBefore(form, next);
    else parent.appendChild(form);
  }, 0);
}
