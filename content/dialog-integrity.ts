// Whether the page has made the guard's dialog unreadable (issue 11): the dialog sits in a closed shadow
// root, but its host is an element of the page's document, so the page can restyle the host or its
// ancestors (`zoom: 0.04`, `-webkit-text-fill-color: transparent`, opacity, filter, clip-path, transform,
// visibility) and have the user click a "send" they cannot read. The dialog refuses any confirmation
// while one of these holds, and the caller cancels the send and says so.

/** Styles the host owns: any change of its attributes by the page is tampering. */
export const HOST_STYLE =
  'all: initial !important; display: block !important; position: fixed !important; width: 0 !important; height: 0 !important; z-index: 2147483647 !important;';

const alpha = (color: string): number => {
  const m = /^rgba?\(([^)]*)\)$/.exec(color.trim());
  if (!m) return color === 'transparent' ? 0 : 1;
  const parts = m[1]!.split(/[\s,/]+/).filter(Boolean);
  return parts.length >= 4 ? parseFloat(parts[3]!) : 1;
};

/** A reason when an element's own style hides, shrinks or distorts what it paints; null when it does not. */
function distorted(cs: CSSStyleDeclaration): string | null {
  const zoom = (cs as CSSStyleDeclaration & { zoom?: string }).zoom;
  if (zoom && zoom !== '1' && zoom !== 'normal') return `zoom ${zoom}`;
  if (parseFloat(cs.opacity) < 1) return `opacity ${cs.opacity}`;
  if (cs.filter && cs.filter !== 'none') return `filter ${cs.filter}`;
  if (cs.clipPath && cs.clipPath !== 'none') return `clip-path ${cs.clipPath}`;
  if (cs.transform && cs.transform !== 'none') return `transform ${cs.transform}`;
  for (const p of ['scale', 'rotate', 'translate'] as const) if (cs[p] && cs[p] !== 'none') return `${p} ${cs[p]}`;
  const mask = cs.maskImage || (cs as unknown as Record<string, string>).webkitMaskImage;
  if (mask && mask !== 'none') return `mask ${mask}`;
  if (cs.mixBlendMode && cs.mixBlendMode !== 'normal') return `mix-blend-mode ${cs.mixBlendMode}`;
  if (cs.display === 'none') return 'display none';
  const cv = (cs as CSSStyleDeclaration & { contentVisibility?: string }).contentVisibility;
  if (cv && cv !== 'visible') return `content-visibility ${cv}`;
  return null;
}

/** Text the user must read: visible, opaque, not tiny. */
function unreadableText(el: Element, view: Window): string | null {
  const cs = view.getComputedStyle(el);
  if (cs.visibility !== 'visible') return `visibility ${cs.visibility}`;
  if (alpha(cs.color) < 1) return `color ${cs.color}`;
  const fill = (cs as unknown as Record<string, string>).webkitTextFillColor;
  if (fill && alpha(fill) < 1) return `-webkit-text-fill-color ${fill}`;
  if (parseFloat(cs.fontSize) < 9) return `font-size ${cs.fontSize}`;
  return distorted(cs);
}

/**
 * Why the dialog cannot be trusted to show what the user confirms, or null. Checks the host and every
 * ancestor (their styles reach the dialog through inheritance, zoom and compositing), then the dialog
 * and the button the user is about to press, as painted.
 */
export function dialogTampered(host: HTMLElement, dialog: HTMLElement, readable: readonly Element[]): string | null {
  const view = host.ownerDocument.defaultView;
  if (!view) return 'no window';
  if (!host.isConnected) return 'host removed';
  if (host.getAttribute('style') !== HOST_STYLE || host.attributes.length !== 1) return 'host attributes changed';
  for (let el: Element | null = host; el; el = el.parentElement) {
    const why = distorted(view.getComputedStyle(el));
    if (why) return `${el === host ? 'host' : el.localName}: ${why}`;
  }
  const hostStyle = view.getComputedStyle(host);
  if (hostStyle.visibility !== 'visible') return `host: visibility ${hostStyle.visibility}`;
  const box = dialog.getBoundingClientRect();
  const minWidth = Math.min(280, view.innerWidth * 0.8);
  if (box.width < minWidth || box.height < 120) return `dialog ${Math.round(box.width)}×${Math.round(box.height)}`;
  for (const el of [dialog, ...readable]) {
    const why = unreadableText(el, view);
    if (why) return `${el.localName}: ${why}`;
  }
  return null;
}
