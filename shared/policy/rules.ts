// The rule catalogue (DESIGN §3): one record per rule (shared/rules/), keyed by its id. The verdict
// functions look rules up here and the policy may change the action; messages, the block page, the
// audit trail and the docs' rule table read the same records.
import { cloudConfidentialUpload, insecureTransport, unknownOrganization } from '../rules/forms.ts';
import {
  executableAttachment,
  externalRecipient,
  forwardToPersonal,
  linkTextMismatch,
  manyExternalRecipients,
  newExternalDomain,
  senderDomain,
  unencryptedConfidentialAttachment,
  unencryptedConfidentialBody,
  weakEncryption,
} from '../rules/mail.ts';
import { cloudUnapproved, lookalikeDomain, shortener } from '../rules/navigation.ts';
import type { RuleRecord } from '../rules/record.ts';

export type Action = 'block' | 'warn' | 'allow';

export const RULE_IDS = [
  'shortener',
  'cloud-unapproved',
  'cloud-confidential-upload',
  'insecure-transport',
  'lookalike-domain',
  'unknown-organization',
  'external-recipient',
  'many-external-recipients',
  'new-external-domain',
  'forward-to-personal',
  'sender-domain',
  'executable-attachment',
  'unencrypted-confidential-attachment',
  'unencrypted-confidential-body',
  'link-text-mismatch',
  'weak-encryption',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** What every caller needed before the records: kept as the narrow view of a record. */
export type RuleInfo = Pick<RuleRecord, 'defaultAction' | 'clause'>;

export const RULES: Readonly<Record<RuleId, RuleRecord>> = {
  shortener,
  'cloud-unapproved': cloudUnapproved,
  'cloud-confidential-upload': cloudConfidentialUpload,
  'insecure-transport': insecureTransport,
  'lookalike-domain': lookalikeDomain,
  'unknown-organization': unknownOrganization,
  'external-recipient': externalRecipient,
  'many-external-recipients': manyExternalRecipients,
  'new-external-domain': newExternalDomain,
  'forward-to-personal': forwardToPersonal,
  'sender-domain': senderDomain,
  'executable-attachment': executableAttachment,
  'unencrypted-confidential-attachment': unencryptedConfidentialAttachment,
  'unencrypted-confidential-body': unencryptedConfidentialBody,
  'link-text-mismatch': linkTextMismatch,
  'weak-encryption': weakEncryption,
};

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RULES, value);
}

const RANK: Record<Action, number> = { allow: 0, warn: 1, block: 2 };

/** The stronger of two actions: block > warn > allow. */
export function worse(a: Action, b: Action): Action {
  return RANK[a] >= RANK[b] ? a : b;
}
