// Hostile text made safe to show in one line: control and bidi characters made visible, length
// capped, long lists cut with a count. Smart Alerts allow 500 characters, so lists stay short.

// C0/C1 controls and the bidi embeddings, overrides and isolates that can reverse what follows.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One name as plain text: unsafe characters become `�`, and it is cut at `max` characters. */
export function safeText(text: string, max = 40): string {
  const s = text.replace(UNSAFE, '\ufffd');
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : s;
}

/** `a, b, c (+4)`: the first `shown` items, each made safe, and how many more there are. */
export function shortList(items: readonly string[], shown = 3, max = 32): string {
  const head = items.slice(0, shown).map((i) => safeText(i, max));
  const more = items.length - head.length;
  return head.join(', ') + (more > 0 ? ` (+${more})` : '');
}

/** Every item, made safe: for details and the command line, where length is no concern. */
export function fullList(items: readonly string[]): string {
  return items.map((i) => safeText(i, 200)).join(', ');
}
