// The body of a message about to be sent: its links judged like a navigation (details.where "body"),
// links whose text shows another host than they go to, and confidential data written in it going
// outside unencrypted. Only kinds and hosts leave here, never the text.
import { hostFromUrl } from '../domains/host.ts';
import { registrableDomain } from '../domains/registrable.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { makeFinding, type Finding } from '../web/finding.ts';
import { containsMyNumber, containsPaymentCard } from '../web/form-sensitivity.ts';
import { hostLabel } from '../web/host-status.ts';
import { judgeHost } from '../web/navigation.ts';
import { bodyLinks, htmlToText, linkTarget, shownHost, unwrapLink, type LinkTarget } from './body-links.ts';
import { shortList } from './display.ts';
import { isMarkedConfidential } from './markers.ts';
import type { BodyFacts } from './types.ts';

const WEB = new Set(['http:', 'https:']);
/** URLs taken out before numbers are read: an id in a link is not a My Number written to someone. */
const URLS = /\b(?:https?:\/\/|www\.)\S+/gi;

export type BodyKind = 'confidential-marker' | 'my-number' | 'payment-card';

export interface BodyCheck {
  linkFindings: Finding[];
  links: number;
  kinds: BodyKind[];
}

/** The body's text as read (HTML: what is shown). */
export function bodyText(body: BodyFacts): string {
  return body.html ? htmlToText(body.html) : (body.text ?? '');
}

/** Kinds of confidential data in the body's text, in a fixed order. */
export function confidentialKinds(compiled: CompiledPolicy, body: BodyFacts, shown = bodyText(body)): BodyKind[] {
  if (!shown) return [];
  const kinds: BodyKind[] = [];
  // The raw text: some markers (㊙) are read before NFKC folds them away.
  if (isMarkedConfidential(compiled, shown)) kinds.push('confidential-marker');
  // Normalised once for the numbers; the detectors' own NFKC then finds it already normal (a quick check).
  const numbers = shown.normalize('NFKC').replace(URLS, ' ');
  if (containsMyNumber(numbers)) kinds.push('my-number');
  if (containsPaymentCard(numbers)) kinds.push('payment-card');
  return kinds;
}

export function checkBody(compiled: CompiledPolicy, body: BodyFacts, lookForConfidential: boolean): BodyCheck {
  const byKey = new Map<string, Finding>();
  const add = (f: Finding | null, key: string) => {
    if (f && !byKey.has(key)) byKey.set(key, f);
  };
  const text = bodyText(body); // read once: for bare URLs and for confidential data
  const links = bodyLinks(body, text);
  const seen = new Set<string>();
  const targets = new Map<string, LinkTarget | null>();
  for (const link of links) {
    // The same link (and text) judged once: a newsletter repeats its links.
    const key = link.anchor ? `${link.href}\u0000${link.text}` : link.href;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = linkTarget(unwrapLink(link.href), targets);
    if (!target || !WEB.has(target.protocol)) continue;
    const host = hostFromUrl(target.url);
    for (const f of judgeHost(compiled, host).findings)
      add(makeFinding(compiled, f.rule, { ...f.details, where: 'body' }), `${f.rule} ${host}`);
    if (!link.anchor) continue;
    const shown = shownHost(link.text);
    if (shown && shown !== host && registrableDomain(shown) !== registrableDomain(host)) {
      add(
        makeFinding(compiled, 'link-text-mismatch', {
          where: 'body',
          shown: shortList([hostLabel(shown)], 1, 60),
          host: shortList([hostLabel(host)], 1, 60),
        }),
        `mismatch ${shown} ${host}`,
      );
    }
  }
  return {
    linkFindings: [...byKey.values()],
    links: links.length,
    kinds: lookForConfidential ? confidentialKinds(compiled, body, text) : [],
  };
}
