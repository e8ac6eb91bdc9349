// The backstop's words (issue 11), Japanese first with English: the notice in a tab whose request was
// stopped, and the plain statement, where blocking is not granted, that the backstop is off.
import { RULES } from '../policy/rules.ts';
import type { BackstopVerdict } from '../web/backstop.ts';
import type { Localized } from './messages.ts';
import { SENSITIVITY_LABELS } from './form-messages.ts';

export const BACKSTOP_UI = {
  noticeTitle: {
    ja: 'ssk-guard: 送信を止めました（最終防衛線）',
    en: 'ssk-guard: a transmission was stopped (the backstop)',
  },
  noticeIntro: {
    ja: 'このページが、確認なしに次の内容をポリシーで許されない送信先へ送ろうとしたため止めました。',
    en: 'This page tried to send the following, unconfirmed, to a destination the policy does not allow, so it was stopped.',
  },
  close: { ja: '閉じる', en: 'Close' },
  unavailableTitle: { ja: '最終防衛線が無効です', en: 'The backstop is off' },
  unavailable: {
    ja: 'このブラウザーでは通信の遮断（webRequestBlocking）が許可されていないため、ページが送信しようとするデータを送信の直前に確認して止める最終防衛線が働いていません。フォームの確認は引き続き行いますが、管理者がポリシーで強制インストール（ExtensionInstallForcelist）した場合にのみ最終防衛線が有効になります（ポリシー 8.1.1(5)(f)）。',
    en: 'This browser has not granted blocking webRequest (webRequestBlocking), so the backstop, which checks and stops data as a page sends it, is not working. Forms are still checked; the backstop works only when the extension is force-installed by policy (ExtensionInstallForcelist) (policy 8.1.1(5)(f)).',
  },
} as const satisfies Record<string, Localized>;

/** The lines of the notice for a cancelled request: intro, what it carried, why (each naming its clause). */
export function backstopNotice(v: BackstopVerdict): { title: Localized; lines: Localized[]; clause: string } {
  const carried = v.sensitive.map((k) => SENSITIVITY_LABELS[k]);
  const lines: Localized[] = [BACKSTOP_UI.noticeIntro];
  if (carried.length)
    lines.push({
      ja: `送信内容: ${carried.map((c) => c.ja).join('、')}`,
      en: `It carried: ${carried.map((c) => c.en).join(', ')}`,
    });
  for (const f of v.findings) lines.push(f.message);
  const clause = v.findings.map((f) => f.clause).join(', ') || RULES['unknown-organization'].clause;
  return { title: BACKSTOP_UI.noticeTitle, lines, clause };
}
