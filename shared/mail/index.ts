// The mail core's public surface: facts in, verdict out; the Smart Alerts text; the session record.
export { judgeMessage, judgeSender } from './judge.ts';
export { visibleOutsideRecipients } from './recipient-rules.ts';
export { sendDecision, CLI_CAPABILITIES } from './send-decision.ts';
export type { ClientCapabilities, SendDecision, PaneState } from './send-decision.ts';
export { parseAddress } from './address.ts';
export { classifyDomain, groupRecipients } from './recipient-classifier.ts';
export { smartAlertText, escapeMarkdown, SMART_ALERT_LIMIT } from './smart-alert.ts';
export * from './session-record.ts';
export type * from './types.ts';
export { noticeFor, NOTICE_LIMIT } from './notice.ts';
