// A tiny element builder for the extension's pages. Text always goes in as text (textContent),
// never as HTML, so a hostile URL or name can only ever show as what it is.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false) el.setAttribute(name, value);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Japanese first, English beneath: the two spans every label of ssk-guard is made of. */
export function bilingual(text: { ja: string; en: string }, tag: 'span' | 'p' | 'div' | 'h1' | 'h2' | 'li' = 'span') {
  return h(
    tag,
    { class: 'bi' },
    h('span', { class: 'ja', lang: 'ja' }, text.ja),
    h('span', { class: 'en', lang: 'en' }, text.en),
  );
}

/** Replaces an element's content; absent children (null, false) are skipped. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
