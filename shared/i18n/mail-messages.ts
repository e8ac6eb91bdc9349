// Messages of the mail rules (the Outlook add-in and `ssk-guard mail`), in Japanese and English.
import type { RuleId } from '../policy/rules.ts';
import type { Localized, MessageParams } from './messages.ts';

export const MAIL_MESSAGES: Partial<Record<RuleId, (p: MessageParams) => Localized>> = {};
