// The facts of a form submission, read from the DOM: where it goes (the submitter's formaction and
// formmethod first), and each field that would be submitted, with its type and autocomplete. A form
// property a page can shadow (`<input name="action">` makes form.action that input) is read through
// the prototype's own getter.
import type { FieldFact } from '@/shared/web/form-sensitivity';

// Read lazily: this world's prototypes are out of the page's reach, and touching HTMLFormElement at
// document_start would cost every frame of every page.
const getter = (name: string) => Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, name)!.get!;
const formAction = (f: HTMLFormElement) => getter('action').call(f) as string;
const formMethod = (f: HTMLFormElement) => getter('method').call(f) as string;
const formEnctype = (f: HTMLFormElement) => getter('enctype').call(f) as string;
const formElements = (f: HTMLFormElement) => getter('elements').call(f) as HTMLFormControlsCollection;
const formAcceptCharset = (f: HTMLFormElement) => getter('acceptCharset').call(f) as string;

export interface FormFacts {
  action: string;
  method: string;
  fields: FieldFact[];
  /** Everything that would be sent, as one string: "the same data" means the same key. */
  key: string;
}

type Submitter = HTMLButtonElement | HTMLInputElement;

function isSubmitter(el: HTMLElement | null): el is Submitter {
  return el instanceof HTMLButtonElement || el instanceof HTMLInputElement;
}

export function formTarget(form: HTMLFormElement, submitter: HTMLElement | null): { action: string; method: string } {
  const s = isSubmitter(submitter) ? submitter : null;
  const action = s?.hasAttribute('formaction') ? s.formAction : formAction(form);
  const method = (s?.hasAttribute('formmethod') ? s.formMethod : formMethod(form)).toLowerCase();
  return { action, method };
}

export function collectForm(form: HTMLFormElement, submitter: HTMLElement | null): FormFacts {
  const { action, method } = formTarget(form, submitter);
  const fields: FieldFact[] = [];
  const key: unknown[] = [action, method, formEnctype(form)];
  const add = (f: FieldFact, keyPart: unknown) => {
    fields.push(f);
    key.push(f.name, keyPart);
  };
  for (const el of Array.from(formElements(form))) {
    if (!(
      el instanceof HTMLInputElement ||
      el instanceof HTMLTextAreaElement ||
      el instanceof HTMLSelectElement ||
      el instanceof HTMLButtonElement
    ))
      continue;
    const name = el.name;
    if (!name || el.matches(':disabled')) continue;
    if (el instanceof HTMLButtonElement) {
      if (el === submitter) add({ name, value: el.value }, el.value);
      continue;
    }
    if (el instanceof HTMLSelectElement) {
      for (const o of Array.from(el.selectedOptions)) add({ name, value: o.value }, o.value);
      continue;
    }
    if (el instanceof HTMLTextAreaElement) {
      add(
        { name, value: el.value, type: 'textarea', autocomplete: el.getAttribute('autocomplete') ?? undefined },
        el.value,
      );
      continue;
    }
    const type = el.type;
    if (type === 'submit' || type === 'image' || type === 'button' || type === 'reset') {
      if (el === submitter) add({ name, value: el.value }, el.value);
      continue;
    }
    if ((type === 'checkbox' || type === 'radio') && !el.checked) continue;
    if (type === 'file') {
      const files = Array.from(el.files ?? []);
      if (!files.length) add({ name, value: '', type }, null);
      for (const f of files) add({ name, value: '', type, fileName: f.name }, [f.name, f.size, f.lastModified]);
      continue;
    }
    add({ name, value: el.value, type, autocomplete: el.getAttribute('autocomplete') ?? undefined }, el.value);
  }
  return { action, method, fields, key: JSON.stringify(key) };
}

/**
 * How the browser will encode the form (for the backstop grant's digest, shared/web/grant-digest.ts): its
 * enctype and charset, and whether it adds entries the guard's reading does not hold (an image button's
 * coordinates, a `dirname` field, `_charset_`).
 */
export function formEncoding(form: HTMLFormElement, submitter: HTMLElement | null) {
  const s = isSubmitter(submitter) ? submitter : null;
  const enctype = s?.hasAttribute('formenctype') ? s.formEnctype : formEnctype(form);
  const charset = formAcceptCharset(form).trim().split(/\s+/)[0] || document.characterSet;
  let extras = s instanceof HTMLInputElement && s.type === 'image';
  for (const el of Array.from(formElements(form))) {
    if (extras) break;
    if (el.hasAttribute('dirname')) extras = true;
    else if (el instanceof HTMLInputElement && el.type === 'hidden' && el.name === '_charset_') extras = true;
  }
  return { enctype, charset, extras };
}

const SECRET_FIELDS =
  'input[type=password], input[autocomplete~="current-password" i], input[autocomplete~="new-password" i], input[autocomplete~="one-time-code" i]';

/** The documents a page's script can reach as its own: this frame's topmost same-origin ancestor and its same-origin frames. */
function sameOriginDocuments(): Document[] {
  let top: Window = window;
  try {
    while (top.parent !== top && top.parent.document && top.parent.origin === origin) top = top.parent;
  } catch {
    // a cross-origin parent: this frame's subtree is the page's reach
  }
  const out: Document[] = [];
  const stack: Window[] = [top];
  while (stack.length && out.length < 50) {
    const w = stack.pop()!;
    try {
      if (w.origin !== origin) continue;
      out.push(w.document);
      for (let i = 0; i < w.frames.length && i < 50; i++) stack.push(w.frames[i] as Window);
    } catch {
      // a cross-origin frame: its script is not the page's
    }
  }
  return out;
}

/**
 * What the user typed into password and credential fields of the page: a script post carrying one sends a
 * password. Every same-origin frame counts, since the page's script may read a field in one frame and
 * send it from another frame's realm.
 */
export function pageSecrets(): string[] {
  const out: string[] = [];
  for (const doc of sameOriginDocuments())
    for (const f of Array.from(doc.querySelectorAll<HTMLInputElement>(SECRET_FIELDS))) if (f.value) out.push(f.value);
  return out;
}
