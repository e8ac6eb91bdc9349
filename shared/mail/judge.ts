// The send verdict for a message as composed (DESIGN §3 mail rules): who it goes to, from whom,
// what it says and what it carries. Pure and quick: attachment reports are computed beforehand and
// passed in; the recipient rules are in recipient-rules.ts, the body's in body-check.ts.
import { DomainSet } from '../domains/domain-set.ts';
import { normalizeHost } from '../domains/host.ts';
import type { Localized } from '../i18n/messages.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { worse, type Action, type RuleId } from '../policy/rules.ts';
import { makeFinding, verdictOf, type Finding } from '../web/finding.ts';
import { hostLabel } from '../web/host-status.ts';
import { judgeNavigation } from '../web/navigation.ts';
import { parseAddress } from './address.ts';
import { classifyAttachment, type AttachmentFacets } from './attachment-classifier.ts';
import { WEAK_ENCRYPTION } from '../rules/mail.ts';
import { checkBody } from './body-check.ts';
import { fullList, safeText, shortList } from './display.ts';
import { isMarkedConfidential } from './markers.ts';
import { groupRecipients } from './recipient-classifier.ts';
import { recipientRules } from './recipient-rules.ts';
import type { AttachmentFacts, AttachmentVerdict, MailVerdict, MessageFacts, SenderVerdict } from './types.ts';

const senderSets = new WeakMap<CompiledPolicy, DomainSet>();

/** `mail.senderDomains`, or the organisation's domains when that list is empty. */
function allowedSenders(compiled: CompiledPolicy): DomainSet {
  let set = senderSets.get(compiled);
  if (!set) {
    const listed = compiled.policy.mail.senderDomains;
    set = listed.length ? DomainSet.of(listed) : compiled.organization;
    senderSets.set(compiled, set);
  }
  return set;
}

export function judgeSender(compiled: CompiledPolicy, from: string | null): SenderVerdict {
  const set = allowedSenders(compiled);
  const allowedDomains = [...set.domains()].map(hostLabel);
  const parsed = from ? parseAddress(from) : null;
  if (!parsed) return { address: from, domain: null, allowed: false, allowedDomains };
  return { address: parsed.address, domain: parsed.domain, allowed: set.has(parsed.domain), allowedDomains };
}

const NOTE: Record<string, Localized> = {
  executable: { ja: '実行ファイル（添付禁止）', en: 'executable (not allowed)' },
  confidential: { ja: '要機密・暗号化されていない', en: 'confidential, not encrypted' },
  confidentialOk: { ja: '要機密・暗号化済み', en: 'confidential, encrypted' },
  encrypted: { ja: '暗号化済み', en: 'encrypted' },
  'read-failed': { ja: '読み取れず検査できない', en: 'could not be read' },
  'not-checked-in-time': { ja: '検査が間に合わない', en: 'not checked in time' },
  'attached-message': { ja: '添付メッセージの中身は検査できない', en: 'an attached message cannot be inspected' },
  'no-link': { ja: 'リンクを読み取れない', en: 'no usable link' },
  weak: { ja: '弱い暗号（パスワードなしで解読されうる）', en: 'weak encryption (breakable without the password)' },
};

const WEAK_LABEL: Record<string, string> = {
  zipcrypto: 'ZipCrypto',
  rc4: 'RC4',
  xor: 'XOR',
  'xls-default-password': 'Excel default password / Excel 既定のパスワード',
};

/** `mail.weakEncryption` decides the rule's action; `rules.weak-encryption.action`, where set, wins. */
function weakEncryptionAction(compiled: CompiledPolicy): Action {
  const explicit = compiled.policy.rules['weak-encryption']?.action;
  if (explicit) return explicit;
  const setting = compiled.policy.mail.weakEncryption;
  return setting === 'accept' ? 'allow' : setting;
}

/** The approved storage the message suggests: services approved (in force) for 機密性2 or above. */
function approvedStorage(compiled: CompiledPolicy): { storage?: string } {
  const names: string[] = [];
  for (const list of compiled.approvals.values())
    for (const a of list) {
      if (!a.inForce || a.approval.highestClassification < 2) continue;
      const s = compiled.services.get(a.approval.service);
      if (s && s.category === 'file-storage' && !names.includes(s.name)) names.push(s.name);
    }
  return names.length ? { storage: shortList(names, 2, 40) } : {};
}

function attachmentLabel(a: AttachmentFacts): string {
  return a.parent ? `${a.parent} › ${a.name}` : a.name;
}

function push(findings: Finding[], f: Finding | null): void {
  if (f) findings.push(f);
}

export function judgeMessage(compiled: CompiledPolicy, message: MessageFacts): MailVerdict {
  const findings: Finding[] = [];
  const confirmed = new Set<string>();
  for (const d of message.confirmedDomains ?? []) {
    confirmed.add(d.trim().toLowerCase());
    const host = normalizeHost(d);
    if (host) confirmed.add(host);
  }

  // sender-domain: From must be on the allowed domains; a From we cannot read is not allowed.
  const sender = judgeSender(compiled, message.from);
  if (!sender.allowed) {
    push(
      findings,
      makeFinding(compiled, 'sender-domain', {
        from: safeText(sender.address ?? '', 200),
        ...(sender.domain ? { domain: safeText(hostLabel(sender.domain), 60) } : { unknown: '1' }),
        allowed: sender.allowedDomains.join(', '),
      }),
    );
  }

  // external-recipient: every domain outside the organisation, confirmed one by one or warned about.
  const domains = groupRecipients(compiled, message.recipients, confirmed);
  const outside = domains.filter((d) => d.outside);
  const allConfirmed = outside.every((d) => d.confirmed);
  if (outside.length && !allConfirmed) {
    const lookalikes = outside.filter((d) => d.imitates).map((d) => `${d.label} ≈ ${d.imitates}`);
    push(
      findings,
      makeFinding(compiled, 'external-recipient', {
        domains: shortList(outside.map((d) => d.label)),
        domainList: fullList(outside.map((d) => d.label)),
        count: String(outside.length),
        unconfirmed: fullList(outside.filter((d) => !d.confirmed).map((d) => d.label)),
        // Some already confirmed (task pane): say which are left.
        ...(outside.some((d) => d.confirmed)
          ? { pending: shortList(outside.filter((d) => !d.confirmed).map((d) => d.label)) }
          : {}),
        ...(lookalikes.length ? { lookalikes: shortList(lookalikes, 2, 60) } : {}),
      }),
    );
  }

  // many-external-recipients, forward-to-personal, new-external-domain (recipient-rules.ts).
  const { visibleOutside, composeType } = recipientRules(compiled, message, domains, findings);

  // The body: links like a navigation, links that show another host, confidential data going outside.
  const encrypted = message.encrypted === true;
  const body = { read: false, links: 0, kinds: [] as string[] };
  const bodyFindings: Finding[] = [];
  if (message.body) {
    const checked = checkBody(compiled, message.body, outside.length > 0 && !encrypted);
    body.read = true;
    body.links = checked.links;
    body.kinds = checked.kinds;
    bodyFindings.push(...checked.linkFindings);
    if (checked.kinds.length)
      push(
        findings,
        makeFinding(compiled, 'unencrypted-confidential-body', {
          kinds: checked.kinds.join(','),
          domains: shortList(outside.map((d) => d.label)),
        }),
      );
  } else if (message.bodyUnread && outside.length && !encrypted) {
    // The body could not be read: it cannot be shown to carry nothing confidential.
    push(
      findings,
      makeFinding(compiled, 'unencrypted-confidential-body', {
        unread: '1',
        domains: shortList(outside.map((d) => d.label)),
      }),
    );
  }

  const subjectMarked = isMarkedConfidential(compiled, message.subject);
  const executables: string[] = [];
  const unreadable: string[] = [];
  const unreadableWhy = new Set<string>();
  const exposed: string[] = [];
  const weak: string[] = [];
  const weakKinds = new Set<string>();
  const attachments: AttachmentVerdict[] = [];
  const linkFindings: Finding[] = [];

  for (const a of message.attachments) {
    const label = attachmentLabel(a);
    const rules: RuleId[] = [];
    const notes: Localized[] = [];
    let verdict: Action = 'allow';
    const facets: AttachmentFacets = classifyAttachment(compiled, a, subjectMarked);
    // An S/MIME-encrypted message carries its attachments encrypted too.
    if (encrypted && a.kind === 'file') facets.encrypted = true;
    const rule = (id: RuleId) => {
      const action = compiled.actions[id];
      if (action === 'allow') return;
      rules.push(id);
      verdict = worse(verdict, action);
    };

    if (a.kind === 'cloud') {
      // A link only: its host is judged like a navigation (approved cloud service, shortener, look-alike).
      let url: URL | null = null;
      try {
        url = a.url ? new URL(a.url) : null;
      } catch {
        url = null;
      }
      if (!url) facets.unreadable = 'no-link';
      else {
        for (const f of judgeNavigation(compiled, url).findings) {
          linkFindings.push({ ...f, details: { ...f.details, attachment: label } });
          rules.push(f.rule);
          verdict = worse(verdict, f.action);
          notes.push(f.message);
        }
      }
    }
    if (facets.executable) {
      executables.push(label);
      rule('executable-attachment');
      notes.push(NOTE.executable!);
    }
    if (facets.unreadable) {
      unreadable.push(label);
      unreadableWhy.add(facets.unreadable);
      rule('executable-attachment');
      notes.push(NOTE[facets.unreadable]!);
    }
    if (facets.confidential && outside.length) {
      if (facets.encrypted !== true) {
        exposed.push(label);
        rule('unencrypted-confidential-attachment');
        notes.push(NOTE.confidential!);
      } else notes.push(NOTE.confidentialOk!);
    } else if (facets.encrypted === true) notes.push(NOTE.encrypted!);
    // weak-encryption (8.1.1(7)(a)): a scheme that protects nothing (ZipCrypto, RC4, XOR).
    const scheme = a.kind === 'file' ? a.report?.encryption : undefined;
    if (scheme && (WEAK_ENCRYPTION as readonly string[]).includes(scheme) && !encrypted) {
      const action = weakEncryptionAction(compiled);
      if (action !== 'allow') {
        weak.push(label);
        weakKinds.add(scheme);
        rules.push('weak-encryption');
        verdict = worse(verdict, action);
        notes.push(NOTE.weak!);
      }
    }

    const v: AttachmentVerdict = {
      name: a.name,
      kind: a.kind,
      verdict,
      rules,
      executable: facets.executable,
      confidential: facets.confidential,
      encrypted: facets.encrypted,
      notes,
    };
    if (a.kind === 'file' && a.report?.encryption) v.encryption = a.report.encryption;
    if (a.parent) v.parent = a.parent;
    if (facets.unreadable) v.unreadable = facets.unreadable;
    attachments.push(v);
  }

  // executable-attachment: by name or bytes, and any file that could not be checked (never a silent pass).
  if (executables.length || unreadable.length) {
    push(
      findings,
      makeFinding(compiled, 'executable-attachment', {
        ...(executables.length ? { files: shortList(executables), fileList: fullList(executables) } : {}),
        ...(unreadable.length
          ? {
              unreadable: shortList(unreadable),
              unreadableList: fullList(unreadable),
              why: [...unreadableWhy].join(','),
            }
          : {}),
      }),
    );
  }
  // unencrypted-confidential-attachment: marked (file or subject), going outside, not known to be encrypted.
  if (exposed.length) {
    push(
      findings,
      makeFinding(compiled, 'unencrypted-confidential-attachment', {
        files: shortList(exposed),
        fileList: fullList(exposed),
        domains: shortList(outside.map((d) => d.label)),
        ...(subjectMarked ? { subject: '1' } : {}),
      }),
    );
  }

  if (weak.length) {
    push(
      findings,
      makeFinding(
        compiled,
        'weak-encryption',
        {
          files: shortList(weak),
          fileList: fullList(weak),
          count: String(weak.length),
          kinds: [...weakKinds].map((k) => WEAK_LABEL[k] ?? k).join(', '),
          kindList: [...weakKinds].join(','),
          ...approvedStorage(compiled),
        },
        weakEncryptionAction(compiled),
      ),
    );
  }

  findings.push(...linkFindings, ...bodyFindings);
  // Warnings the user acknowledged in the task pane leave the verdict (ticks resolve the domain rules).
  const ack = new Set(message.acknowledged ?? []);
  const acknowledged: Finding[] = [];
  const kept = findings.filter((f) => {
    const taken = f.action === 'warn' && ack.has(f.rule) && !TICKED_RULES.has(f.rule);
    if (taken) acknowledged.push(f);
    return !taken;
  });
  // Blocks first, so the most serious reason leads wherever space is short.
  // Among warnings, the general "outside recipients" comes last: the specific ones say more.
  kept.sort(
    (a, b) =>
      rank(b.action) - rank(a.action) ||
      Number(a.rule === 'external-recipient') - Number(b.rule === 'external-recipient'),
  );
  return {
    verdict: verdictOf(kept),
    findings: kept,
    sender,
    domains,
    attachments,
    outsideDomains: outside.map((d) => d.domain),
    allConfirmed,
    subjectMarked,
    visibleOutside,
    composeType,
    invite: message.invite === true,
    acknowledged,
    body,
  };
}

/** Warnings resolved by ticking domains in the task pane, not by acknowledging the rule. */
const TICKED_RULES = new Set<RuleId>(['external-recipient', 'new-external-domain']);

function rank(a: Action): number {
  return a === 'block' ? 2 : a === 'warn' ? 1 : 0;
}
