// Sending what the user confirmed, once, and nothing else. The guard's own requestSubmit fires a
// second submit event, which the guard lets through once, only for the same form, the same submitter
// and the same data; form.submit() (no event) is called through this world's untouched prototype.
import { collectForm } from './collect';

// This world's own prototype: page scripts cannot replace it (read when needed, not at document_start).
const nativeRequestSubmit = (form: HTMLFormElement, submitter: HTMLElement | null) =>
  HTMLFormElement.prototype.requestSubmit.call(form, submitter);
const nativeSubmit = (form: HTMLFormElement) => HTMLFormElement.prototype.submit.call(form);

interface Pass {
  form: HTMLFormElement;
  submitter: HTMLElement | null;
  key: string;
}
let pass: Pass | null = null;

/** The submit event the guard itself caused: let through once, if nothing changed. */
export function consumePass(form: HTMLFormElement, submitter: HTMLElement | null, key: string): boolean {
  if (!pass || pass.form !== form || pass.submitter !== submitter) return false;
  const same = pass.key === key;
  pass = null;
  return same;
}

function usableSubmitter(form: HTMLFormElement, submitter: HTMLElement | null): HTMLElement | null {
  if (!(submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement)) return null;
  return submitter.isConnected && submitter.form === form ? submitter : null;
}

/** Sends the form as the user submitted it. False when its data changed meanwhile: nothing is sent. */
export function resubmit(form: HTMLFormElement, submitter: HTMLElement | null, key: string): boolean {
  const using = usableSubmitter(form, submitter);
  if (!form.isConnected || collectForm(form, using).key !== key) return false;
  pass = { form, submitter: using, key };
  try {
    nativeRequestSubmit(form, using);
  } finally {
    pass = null; // the event is dispatched synchronously; an invalid form fires none
  }
  return true;
}

/** form.submit() that the hook held: the same form and data, submitted from this world, once. */
export function submitHeld(form: HTMLFormElement, key: string): boolean {
  if (!form.isConnected || collectForm(form, null).key !== key) return false;
  nativeSubmit(form);
  return true;
}
