// The rules of a message about to be sent (the Outlook add-in and `ssk-guard mail`). Each message
// names its clause and the offending domains or files; lists arrive already shortened
// (shared/mail/display.ts), so one message stays well inside Smart Alerts' 500 characters.
import type { Localized, MessageParams } from '../i18n/localized.ts';
import type { MailVerdict } from '../mail/types.ts';
import type { RuleId } from '../policy/rules.ts';
import { rule } from './record.ts';

const WHY: Record<string, Localized> = {
  'read-failed': { ja: '読み取れませんでした', en: 'could not be read' },
  'not-checked-in-time': { ja: '検査が間に合いませんでした', en: 'were not checked in time' },
  'attached-message': { ja: '添付されたメッセージの中身は検査できません', en: 'attached messages cannot be inspected' },
  'no-link': { ja: 'リンクを読み取れませんでした', en: 'had no usable link' },
};

function why(p: MessageParams): Localized {
  const codes = (p.why ?? 'read-failed').split(',');
  return {
    ja: codes.map((c) => WHY[c]?.ja ?? WHY['read-failed']!.ja).join('・'),
    en: codes.map((c) => WHY[c]?.en ?? WHY['read-failed']!.en).join('; '),
  };
}

/** What the body carries, by kind (never the value itself). */
export const BODY_KINDS: Record<string, Localized> = {
  'confidential-marker': { ja: '要機密の表示', en: 'a 要機密 marking' },
  'my-number': { ja: 'マイナンバー（個人番号）', en: 'a My Number' },
  'payment-card': { ja: 'クレジットカード番号', en: 'a payment card number' },
};

function kinds(p: MessageParams): Localized {
  const ks = (p.kinds ?? '').split(',').filter(Boolean);
  const en = ks.map((k) => BODY_KINDS[k]?.en ?? k);
  return {
    ja: ks.map((k) => BODY_KINDS[k]?.ja ?? k).join('・'),
    en: en.length > 1 ? `${en.slice(0, -1).join(', ')} and ${en[en.length - 1]}` : (en[0] ?? ''),
  };
}

const count = (n: number) => String(n);
const attachmentsUnder = (v: MailVerdict, id: RuleId) => v.attachments.filter((a) => a.rules.includes(id));

export const externalRecipient = rule({
  id: 'external-recipient',
  defaultAction: 'warn',
  clause: '3.1.1(5)(d), 3.1.1(6)(b)',
  surfaces: ['mail', 'invite'],
  summary: {
    ja: '組織外の宛先（To・Cc・Bcc、会議の出席者）をドメインごとに一覧し、ひとつずつ確認させる',
    en: 'recipients (To, Cc, Bcc, meeting attendees) outside the organisation, listed by domain and confirmed one by one',
  },
  title: { ja: '外部の宛先', en: 'External recipients' },
  message: (p) => ({
    ja:
      `組織外の宛先があります（${p.count} ドメイン: ${p.domains}）。宛先をドメインごとに確認してから送信してください（ポリシー ${p.clause}）。` +
      (p.pending ? `未確認: ${p.pending}。` : '') +
      (p.lookalikes ? `${p.lookalikes} は組織のドメインに似ています。` : ''),
    en:
      `Recipients outside the organisation (${p.count} domain(s): ${p.domains}). Confirm each domain before sending (policy ${p.clause}).` +
      (p.pending ? ` Not yet confirmed: ${p.pending}.` : '') +
      (p.lookalikes ? ` ${p.lookalikes}: looks like a protected domain.` : ''),
  }),
  nextSteps: [
    { ja: '作業ウィンドウで宛先のドメインをひとつずつ確認してください。', en: 'Confirm each domain in the task pane.' },
  ],
  settings: ['organization.domains', 'directory'],
  audit: (_f, v) => {
    const outside = v.domains.filter((g) => g.outside);
    const d: Record<string, string> = {
      outsideDomains: count(outside.length),
      unconfirmed: count(outside.filter((g) => !g.confirmed).length),
    };
    const lookalikes = outside.filter((g) => g.imitates).length;
    if (lookalikes) d.lookalikes = count(lookalikes);
    return d;
  },
});

export const manyExternalRecipients = rule({
  id: 'many-external-recipients',
  defaultAction: 'warn',
  clause: '3.1.1(5)(d)',
  surfaces: ['mail', 'invite'],
  summary: {
    ja: 'To・Cc に組織外のアドレスが `mail.bccThreshold` 件（既定 5）以上あり、互いのアドレスが見える。作業ウィンドウでまとめて Bcc に移せる',
    en: 'To and Cc hold `mail.bccThreshold` (default 5) or more outside addresses, exposing them to each other; the task pane moves them to Bcc in one click',
  },
  title: { ja: '組織外の宛先は Bcc に', en: 'Put outside recipients in Bcc' },
  message: (p) =>
    p.invite
      ? {
          ja: `組織外の出席者が ${p.count} 人あり、出席者どうしにアドレスが見えてしまいます。会議出席依頼には Bcc がないため、組織外の方には個別に依頼を送ってください（ポリシー ${p.clause}）。`,
          en: `${p.count} outside attendees would see each other's addresses. Invites have no Bcc: invite outside people separately (policy ${p.clause}).`,
        }
      : {
          ja: `To・Cc に組織外のアドレスが ${p.count} 件あり、受信者どうしにアドレスが見えてしまいます。組織外の宛先は Bcc に移してください（作業ウィンドウの「Bcc に移す」で一度に移せます）（ポリシー ${p.clause}）。`,
          en: `To and Cc hold ${p.count} outside addresses, so every recipient sees the others. Move the outside recipients to Bcc (one click: “Move to Bcc” in the task pane) (policy ${p.clause}).`,
        },
  nextSteps: [
    {
      ja: '作業ウィンドウの「Bcc に移す」で、To・Cc の組織外アドレスを Bcc に移してください。',
      en: 'Use “Move to Bcc” in the task pane to move the outside addresses in To and Cc to Bcc.',
    },
  ],
  settings: ['mail.bccThreshold'],
  audit: (f) => ({ visibleOutside: f.details.count ?? '0', threshold: f.details.threshold ?? '' }),
});

export const newExternalDomain = rule({
  id: 'new-external-domain',
  defaultAction: 'warn',
  clause: '3.1.1(5)(d)',
  surfaces: ['mail'],
  summary: {
    ja: '返信・全員に返信で、元のメールになかった組織外のドメインが加わった（作成開始時の宛先と比べる）',
    en: 'a reply or reply-all gained an outside domain that was not on the original message (compared with the recipients at compose start)',
  },
  title: { ja: '返信に新しい組織外ドメイン', en: 'New outside domain in a reply' },
  message: (p) => ({
    ja: `返信の宛先に、元のメールになかった組織外のドメインが加わっています: ${p.domains}。意図した相手か確認してください（ポリシー ${p.clause}）。`,
    en: `This reply now goes to outside domain(s) that were not on the original message: ${p.domains}. Make sure they are meant (policy ${p.clause}).`,
  }),
  audit: (f) => ({ newDomains: f.details.count ?? '0' }),
});

export const forwardToPersonal = rule({
  id: 'forward-to-personal',
  defaultAction: 'block',
  clause: '8.1.1(5)-1 f',
  surfaces: ['mail'],
  summary: {
    ja: '転送（作成の種類、または件名の Fw:/Fwd:/転送）の宛先に個人向けメールのドメイン（同梱の一覧）がある',
    en: 'a forward (the compose type, or a Fw:/Fwd:/転送 subject) to a personal-mail domain (the shipped list)',
  },
  title: { ja: '個人メールへの転送', en: 'Forward to personal mail' },
  message: (p) => ({
    ja: `業務のメールを個人向けメール（${p.domains}）へ転送することはできません（ポリシー ${p.clause}）。宛先から外してください。`,
    en: `Work mail must not be forwarded to personal mail (${p.domains}) (policy ${p.clause}). Remove those recipients.`,
  }),
  audit: (f) => ({ personalDomains: f.details.count ?? '0', composeType: f.details.how ?? '' }),
});

export const senderDomain = rule({
  id: 'sender-domain',
  defaultAction: 'block',
  clause: '8.1.1(5)(a)(b), 6.2.2(1)-4',
  surfaces: ['mail', 'invite'],
  summary: {
    ja: '差出人（From）が組織のドメイン（`mail.senderDomains`）でない、または読めない',
    en: 'From is not on the organisation’s domains (`mail.senderDomains`), or cannot be read',
  },
  title: { ja: '差出人のドメイン', en: 'Sender domain' },
  message: (p) =>
    p.unknown
      ? {
          ja: `差出人のアドレスを確認できないため送信できません。組織のアドレス（${p.allowed}）から送信してください（ポリシー ${p.clause}）。`,
          en: `The sender's address cannot be read, so this cannot be sent. Send from an address of ${p.allowed} (policy ${p.clause}).`,
        }
      : {
          ja: `差出人 ${p.domain} は組織のドメイン（${p.allowed}）ではありません。組織のアドレスから送信してください（ポリシー ${p.clause}）。`,
          en: `The sender's domain ${p.domain} is not the organisation's (${p.allowed}). Send from the organisation's address (policy ${p.clause}).`,
        },
  settings: ['mail.senderDomains'],
  audit: (_f, v): Record<string, string> => (v.sender.domain ? {} : { from: 'unreadable' }),
});

export const executableAttachment = rule({
  id: 'executable-attachment',
  defaultAction: 'block',
  clause: '8.1.1(5)-1 g',
  surfaces: ['mail-attachment', 'invite'],
  summary: {
    ja: '実行ファイルの添付（名前と中身、アーカイブの中も）。読めない添付も遮断',
    en: 'an executable attached, by name or by bytes, also inside archives; an attachment that cannot be read blocks too',
  },
  title: { ja: '実行ファイルの添付', en: 'Executable attachment' },
  message: (p) => {
    const w = why(p);
    const ja: string[] = [];
    const en: string[] = [];
    if (p.files) {
      ja.push(`実行ファイルは添付できません: ${p.files}（ポリシー ${p.clause}）。`);
      en.push(`Executable files must not be sent: ${p.files} (policy ${p.clause}).`);
    }
    if (p.unreadable) {
      ja.push(
        `添付 ${p.unreadable} は${w.ja}。実行ファイルでないことを確認できないため送信を止めました（ポリシー ${p.clause}）。`,
      );
      en.push(
        `Attachment(s) ${p.unreadable} ${w.en}; they cannot be shown not to be executable, so sending stopped (policy ${p.clause}).`,
      );
    }
    return { ja: ja.join(''), en: en.join(' ') };
  },
  settings: ['mail.executableExtensions'],
  audit: (f, v) => {
    const files = attachmentsUnder(v, f.rule);
    const reasons = [...new Set(files.map((a) => a.unreadable).filter((r): r is NonNullable<typeof r> => !!r))];
    const d: Record<string, string> = {
      executables: count(files.filter((a) => a.executable).length),
      unreadable: count(files.filter((a) => a.unreadable).length),
    };
    if (reasons.length) d.why = reasons.join(',');
    return d;
  },
});

export const unencryptedConfidentialAttachment = rule({
  id: 'unencrypted-confidential-attachment',
  defaultAction: 'block',
  clause: '3.1.1(6)-3 a, 3.1.1(6)(b)',
  surfaces: ['mail-attachment', 'invite'],
  summary: {
    ja: '要機密のファイル（または件名が要機密のメールの添付）が暗号化されずに組織外へ',
    en: 'a file marked 要機密 (or in a mail whose subject is marked) going outside unencrypted',
  },
  title: { ja: '暗号化されていない要機密ファイル', en: 'Unencrypted confidential file' },
  message: (p) =>
    p.subject
      ? {
          ja: `件名に要機密の表示があり、添付 ${p.files} が暗号化されずに組織外（${p.domains}）へ送られます。暗号化してから送信してください（ポリシー ${p.clause}）。`,
          en: `The subject is marked confidential and ${p.files} would go unencrypted outside the organisation (${p.domains}). Encrypt before sending (policy ${p.clause}).`,
        }
      : {
          ja: `要機密の添付 ${p.files} が暗号化されずに組織外（${p.domains}）へ送られます。暗号化してから送信してください（ポリシー ${p.clause}）。`,
          en: `Confidential file(s) ${p.files} would go unencrypted outside the organisation (${p.domains}). Encrypt before sending (policy ${p.clause}).`,
        },
  settings: ['mail.confidentialMarkers'],
  audit: (f, v) => {
    const d: Record<string, string> = {
      files: count(attachmentsUnder(v, f.rule).length),
      outsideDomains: count(v.outsideDomains.length),
    };
    if (v.subjectMarked) d.subjectMarked = '1';
    return d;
  },
});

export const unencryptedConfidentialBody = rule({
  id: 'unencrypted-confidential-body',
  defaultAction: 'block',
  clause: '3.1.1(6)(b), 3.1.1(6)-3 a',
  surfaces: ['mail-body', 'invite'],
  summary: {
    ja: '本文に要機密の表示・マイナンバー（検査用数字）・カード番号（Luhn）があり、暗号化（S/MIME）せずに組織外へ',
    en: 'the body carries a 要機密 marker, a My Number (check digit) or a card number (Luhn) and goes outside without S/MIME encryption',
  },
  title: { ja: '本文の機密情報', en: 'Confidential data in the body' },
  message: (p) => {
    if (p.unread)
      return {
        ja: `本文を読み取れなかったため、機密情報が含まれていないことを確認できません。組織外（${p.domains}）への送信を止めました（ポリシー ${p.clause}）。もう一度送信してください。`,
        en: `The body could not be read, so it cannot be shown to carry nothing confidential; sending outside the organisation (${p.domains}) stopped (policy ${p.clause}). Try again.`,
      };
    const k = kinds(p);
    return {
      ja: `本文に${k.ja}があり、暗号化されずに組織外（${p.domains}）へ送られます。本文から除くか、暗号化して送ってください（ポリシー ${p.clause}）。`,
      en: `The body carries ${k.en} and would go unencrypted outside the organisation (${p.domains}). Take it out, or send encrypted (policy ${p.clause}).`,
    };
  },
  nextSteps: [
    {
      ja: '機密情報は本文に書かず、承認されたストレージで共有するか、暗号化して送ってください。',
      en: 'Keep confidential data out of the body: share it through approved storage, or send encrypted.',
    },
  ],
  settings: ['mail.confidentialMarkers'],
  audit: (f, v) => ({
    ...(f.details.unread ? { body: 'unreadable' } : { kinds: f.details.kinds ?? '' }),
    outsideDomains: count(v.outsideDomains.length),
  }),
});

export const linkTextMismatch = rule({
  id: 'link-text-mismatch',
  defaultAction: 'warn',
  clause: '8.1.1(5)(f)(ｲ), 6.6.2(2)',
  surfaces: ['mail-body'],
  summary: {
    ja: '本文のリンクの表示が示すホストと、実際の行き先（href）のホストが違う',
    en: 'a link in the body whose text shows one host while its href goes to another',
  },
  title: { ja: '表示と行き先が違うリンク', en: 'Link text and target differ' },
  message: (p) => ({
    ja: `本文のリンクは ${p.shown} と表示されていますが、実際の行き先は ${p.host} です（ポリシー ${p.clause}）。リンクを確かめてください。`,
    en: `A link in the body shows ${p.shown} but goes to ${p.host} (policy ${p.clause}). Check the link.`,
  }),
  audit: (f) => ({ links: f.details.count ?? '1' }),
});

/**
 * The schemes that give no real protection: ZipCrypto (known-plaintext attacks), RC4 and XOR (legacy
 * Office), and an Excel workbook under the built-in default password (anyone opens it).
 */
export const WEAK_ENCRYPTION = ['zipcrypto', 'rc4', 'xor', 'xls-default-password'] as const;

export const weakEncryption = rule({
  id: 'weak-encryption',
  defaultAction: 'warn',
  clause: '8.1.1(7)(a)',
  surfaces: ['mail-attachment', 'invite'],
  summary: {
    ja: '添付が弱い暗号（ZipCrypto のパスワード付き ZIP、RC4・XOR の古い Office 形式）で保護されている。`mail.weakEncryption` で受け入れ・警告・遮断を選ぶ',
    en: 'an attachment protected by weak encryption (ZipCrypto password zip, RC4 or XOR legacy Office); `mail.weakEncryption` chooses accept, warn or block',
  },
  title: { ja: '弱い暗号化', en: 'Weak encryption' },
  message: (p) => ({
    ja:
      `添付 ${p.files} は弱い暗号（${p.kinds}）で保護されており、パスワードがなくても解読されるおそれがあります（ポリシー ${p.clause}）。` +
      (p.storage
        ? `ファイルは承認されたストレージ（${p.storage}）で共有してください。`
        : 'ファイルは承認されたストレージ（機密性2以上で承認されたもの）で共有してください。'),
    en:
      `Attachment(s) ${p.files} use weak encryption (${p.kinds}) that can be broken without the password (policy ${p.clause}). ` +
      (p.storage
        ? `Share the file through approved storage (${p.storage}).`
        : 'Share the file through approved storage (approved for 機密性2 or above).'),
  }),
  nextSteps: [
    {
      ja: 'パスワード付き ZIP を別メールのパスワードで送る方法（PPAP）ではなく、承認されたストレージの共有リンクを使ってください。',
      en: 'Instead of a password zip with the password in a second mail (PPAP), use a share link of approved storage.',
    },
  ],
  settings: ['mail.weakEncryption', 'cloud.approved[].highestClassification'],
  audit: (f) => ({ files: f.details.count ?? '0', kinds: f.details.kindList ?? '' }),
});
