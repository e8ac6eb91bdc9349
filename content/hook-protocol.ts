// The channel between the main-world hook (form-hook) and the isolated-world guard (form-guard).
//
// Both scripts run at document_start, before any page script. Each says hello on `window` and
// listens for the other's hello, so whichever runs second completes the handshake synchronously;
// the guard's hello carries, as `relatedTarget`, an element it created and never inserts into the
// document. From then on the two talk only through events dispatched on that detached element:
// no page script holds a reference to it, so none can listen to the channel or dispatch on it.
// Hellos arriving after the handshake are ignored by both sides.
//
// The hook only asks; the guard decides. An ask is a cancelable event: the guard lets it through
// (pass, answered synchronously) or cancels it (hold) and later dispatches the answer for its ticket.
// Event names are not secrets; the detached element is the capability.

export const HOOK_HELLO = 'ssk-guard-hook-hello';
export const GUARD_HELLO = 'ssk-guard-guard-hello';
export const ACK = 'ssk-guard-ack';
/** CustomEvent, detail: JSON of HookAsk. Cancelled by the guard = hold. */
export const ASK = 'ssk-guard-ask';
/** MouseEvent whose relatedTarget is the form of a `form.submit()` call; dispatched just before its ASK. */
export const SUBJECT = 'ssk-guard-subject';
/** CustomEvent, detail: JSON of HookAnswer. */
export const ANSWER = 'ssk-guard-answer';
/**
 * MouseEvent whose relatedTarget is the host of a shadow root just attached, or of a tree holding a form
 * about to be submitted, so the guard watches submissions inside it (a submit event does not leave its
 * shadow tree). The host of a nested tree is dispatched at itself, where the guard's listener on the
 * enclosing tree (watched a moment before) takes it. For form.submit() on a form
 * inside a shadow root, SUBJECT is dispatched at the form itself, where the guard's listener on that
 * root takes it first and stops it: a reference into the tree would be retargeted to the host.
 */
export const SHADOW = 'ssk-guard-shadow';
/**
 * MouseEvent: setHTMLUnsafe() has just built a subtree, whose declarative shadow trees no attachShadow announced
 * (closed ones the hook cannot even see): the guard looks through it at once, before the page can submit a form
 * in it. Dispatched like SHADOW: on the channel with the element as relatedTarget when it stands in the document
 * (or in no tree), else at the element itself, inside its tree, once the hosts around it were announced.
 */
export const SCAN = 'ssk-guard-scan';

export type HookPath = 'fetch' | 'xhr' | 'beacon' | 'form.submit';

/** What the hook could read of a script post's body, without running page code twice. */
export interface HookBody {
  contentType?: string;
  entries?: { name: string; value: string; fileName?: string }[];
  text?: string;
  /** The body could not be read (a Document, a failed read). */
  opaque?: boolean;
  /** Only the first MAX_BODY_BYTES were read. */
  truncated?: boolean;
  /** Read from a Blob or a Request's body, whose bytes the browser may not show the backstop (a grant says so). */
  blob?: boolean;
}

export interface HookAsk {
  t: number;
  path: HookPath;
  url?: string;
  method?: string;
  body?: HookBody;
  /** A synchronous XMLHttpRequest: it cannot wait for an answer. */
  sync?: boolean;
  /** An XHR this frame's hook never saw opened (opened through another frame's prototype): its destination is unknown. */
  unknownState?: boolean;
  /** form.submit() on a form in the document (a detached form submits nothing anyway). */
  connected?: boolean;
}

export interface HookAnswer {
  t: number;
  go: boolean;
}

/** Bytes of a body the hook reads to classify it; a larger body is judged by its beginning. */
export const MAX_BODY_BYTES = 1 << 20;
