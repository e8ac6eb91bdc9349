// The guard's end of the channel to the main-world hook (the protocol is in hook-protocol.ts). The
// detached element is created here and handed over once, before any page script runs; asks arrive
// on it, and answers leave on it.
import { ACK, ANSWER, ASK, GUARD_HELLO, HOOK_HELLO, SCAN, SHADOW, SUBJECT, type HookAsk } from './hook-protocol';

/** Returns true to hold the request (the answer follows through `answer`), false to let it go now. */
export type AskHandler = (ask: HookAsk, subject: Element | null) => boolean;

export interface Channel {
  answer(ticket: number, go: boolean): void;
  /** The form of the next ask, when it stands inside a shadow tree (taken by the guard's listener there). */
  subject(form: Element): void;
  readonly connected: boolean;
}

export function openChannel(
  onAsk: AskHandler,
  onShadowHost: (host: Element) => void,
  onScan: (subtree: Element) => void,
): Channel {
  const node = document.createElement('span');
  let connected = false;
  let subject: Element | null = null;
  const hello = () => window.dispatchEvent(new MouseEvent(GUARD_HELLO, { relatedTarget: node }));
  const onHookHello = () => {
    if (!connected) hello();
  };
  window.addEventListener(HOOK_HELLO, onHookHello, true);
  node.addEventListener(ACK, () => {
    connected = true;
    window.removeEventListener(HOOK_HELLO, onHookHello, true);
  });
  node.addEventListener(SUBJECT, (e) => {
    const related = (e as MouseEvent).relatedTarget;
    subject = related instanceof Element ? related : null;
  });
  node.addEventListener(SHADOW, (e) => {
    const host = (e as MouseEvent).relatedTarget;
    if (host instanceof Element) onShadowHost(host);
  });
  node.addEventListener(SCAN, (e) => {
    const subtree = (e as MouseEvent).relatedTarget;
    if (subtree instanceof Element) onScan(subtree);
  });
  node.addEventListener(ASK, (e) => {
    const s = subject;
    subject = null;
    let ask: HookAsk;
    try {
      ask = JSON.parse(String((e as CustomEvent).detail)) as HookAsk;
    } catch {
      return;
    }
    if (typeof ask?.t === 'number' && onAsk(ask, s)) e.preventDefault();
  });
  hello(); // reaches the hook if it ran first; otherwise its hello will reach us
  return {
    answer: (t, go) => node.dispatchEvent(new CustomEvent(ANSWER, { detail: JSON.stringify({ t, go }) })),
    subject: (form) => {
      subject = form;
    },
    get connected() {
      return connected;
    },
  };
}
