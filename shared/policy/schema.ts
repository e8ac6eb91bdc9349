// The policy document: one zod schema is the single source of the TypeScript types, of
// validation (with located errors, see errors.ts) and of the managed-storage schema (managed-schema.ts).
// A namespace import, so bundlers keep only the parts used (the add-in's handler bundle: −30 kB gzipped).
import * as z from 'zod/v4';
import { domainEntryProblem } from '../domains/registrable.ts';
import { RULE_IDS } from './rules.ts';

export const CLOUD_CATEGORIES = [
  'file-storage',
  'file-transfer',
  'paste',
  'generative-ai',
  'translation',
  'personal-webmail',
  'file-hosting',
  'remote-control',
] as const;
export type CloudCategory = (typeof CLOUD_CATEGORIES)[number];

/** What a domain known only from an imported broad list is guarded against (see docs/admin.en.md). */
export const LIST_GUARDS = ['navigation', 'upload'] as const;
export type ListGuard = (typeof LIST_GUARDS)[number];

/** Where an imported list goes: the shorteners, or the extra domains of one cloud category. */
export const LIST_CATEGORIES = ['shortener', ...CLOUD_CATEGORIES] as const;
export type ListCategory = (typeof LIST_CATEGORIES)[number];

const DOMAIN_ENTRY =
  /^(\*\.)?([a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)*[a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.?$/i;

/** A host name entry: matches that host and its subdomains. `*.` in front means the same. */
const isDomainEntry = (s: string) => s.length <= 253 && DOMAIN_ENTRY.test(s);
const domain = z.string().refine(isDomainEntry, { message: 'not a domain name' });

/**
 * A domain that says who someone is (ours, known, allowed, approved): one registrable domain or a
 * host below it, never a public suffix or a single label. Lists of hosts to block stay `domain`.
 */
const registrable = z.string().superRefine((s, ctx) => {
  if (!isDomainEntry(s)) {
    ctx.addIssue({ code: 'custom', message: 'not a domain name' });
    return;
  }
  const problem = domainEntryProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: { bilingual: problem } });
});

const isoDate = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s) &&
      !Number.isNaN(Date.parse(s + 'T00:00:00Z')) &&
      new Date(s + 'T00:00:00Z').toISOString().startsWith(s),
    {
      message: 'not a date',
    },
  )
  .describe('YYYY-MM-DD');

const email = z
  .string()
  .refine((s) => /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(s), { message: 'not a mail address' });
const httpsUrl = z.string().refine((s) => /^https:\/\/[^\s/]+/i.test(s), { message: 'not an https URL' });
const action = z.enum(['block', 'warn', 'allow']);
const text = z.string().min(1).max(500);

const obj = z.strictObject;

const service = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'not an id (a-z, 0-9, -)' }),
  name: text,
  operator: text,
  category: z.enum(CLOUD_CATEGORIES),
  hosts: z.array(registrable).min(1),
  sharedHost: z.boolean().optional(),
  note: z.string().max(1000).optional(),
  source: z.string().max(500).optional().describe('where the facts about the service come from'),
});

// The approval record of 4.2.3(1)-2 b.
const approval = z.strictObject({
  service: z.string().min(1).describe('catalogue id of the service'),
  hosts: z
    .array(registrable)
    .optional()
    .describe('only these hosts are approved (e.g. the organisation’s own tenant); all of the service when absent'),
  operator: text,
  purpose: text,
  highestClassification: z.int().min(0).max(3).describe('highest confidentiality class allowed: 0–3 (機密性0–3)'),
  validFrom: isoDate.optional(),
  validUntil: isoDate.describe('last day the approval is in force (inclusive, Japan time)'),
  applicant: text,
  userScope: text,
  manager: text,
});

// Provenance of an imported public list (4.2.3 records; CC BY-SA lists need their attribution kept).
const importedList = z.strictObject({
  name: text.describe('the list, e.g. "UT1 filehosting"'),
  category: z.enum(LIST_CATEGORIES),
  date: isoDate.describe('the date of the list’s version'),
  licence: text,
  source: text.optional().describe('where the list comes from'),
  domains: z.int().min(0).describe('how many domains it added'),
});

const perCategory = <T extends z.ZodType>(value: T) =>
  z.strictObject(
    Object.fromEntries(CLOUD_CATEGORIES.map((c) => [c, value.optional()])) as Record<CloudCategory, z.ZodOptional<T>>,
  );

const organization = z.strictObject({
  name: text,
  nameEn: text.optional(),
  domains: z.array(registrable).min(1),
});

// A rule left out keeps its default action (rules.ts).
const rules = z
  .strictObject(
    Object.fromEntries(RULE_IDS.map((id) => [id, z.strictObject({ action })])) as Record<
      (typeof RULE_IDS)[number],
      z.ZodObject<{ action: typeof action }>
    >,
  )
  .partial();

export const PolicySchema = obj({
  version: z.string().min(1).max(100).describe('the document’s version, shown to users and in audit events'),
  organization: obj({ name: text, nameEn: text, domains: z.array(registrable).min(1) }),
  directory: z.array(organization).describe('known organisations users send forms to'),
  rules,
  shorteners: obj({
    builtinList: z.boolean().describe('use the shipped list of shortener domains'),
    extraDomains: z.array(domain),
    exceptions: z.array(registrable).describe('shorteners allowed here (e.g. aka.ms)'),
  }),
  cloud: obj({
    enforcedCategories: z.array(z.enum(CLOUD_CATEGORIES)),
    builtinCatalogue: z.boolean(),
    services: z.array(service).describe('services added to the shipped catalogue'),
    approved: z.array(approval).describe('the approval register (4.2.3)'),
    extraDomains: perCategory(z.array(domain)).describe(
      'domains of each category known only from an imported broad list (no service name): shown by their category',
    ),
    extraDomainsGuard: perCategory(z.enum(LIST_GUARDS)).describe(
      'per category: "navigation" blocks visiting an extra domain, "upload" only guards uploads and sensitive forms',
    ),
  }),
  lists: z.array(importedList).describe('the public lists imported into this document: name, date, licence'),
  forms: obj({
    allPostsSensitive: z.boolean().describe('treat every POST as carrying confidential data'),
  }),
  mail: obj({
    senderDomains: z
      .array(registrable)
      .describe('From domains allowed for mail to outsiders; the organisation’s domains when empty'),
    executableExtensions: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,16}$/, { message: 'not a file extension' }))
      .describe('added to the shipped list'),
    confidentialMarkers: z.array(z.string().min(1).max(50)).describe('added to the shipped markers of 要機密'),
    bccThreshold: z
      .int()
      .min(1)
      .max(10_000)
      .describe('many-external-recipients: this many outside addresses in To and Cc (together) should go to Bcc'),
    weakEncryption: z
      .enum(['accept', 'warn', 'block'])
      .describe('weak-encryption: ZipCrypto, RC4 and XOR-protected attachments are accepted, warned about or blocked'),
  }),
  overrides: obj({
    allowed: z.boolean(),
    reasonRequired: z.boolean(),
    minutes: z
      .int()
      .min(1)
      .max(24 * 60),
  }),
  audit: obj({
    endpoint: z
      .union([httpsUrl, z.literal('')])
      .describe('the organisation’s collector (HTTPS); empty keeps events on the device'),
    format: z.enum(['ssk-guard-v1', 'otlp']).describe('ssk-guard-v1 JSON envelope, or OTLP/HTTP JSON logs'),
    urlDetail: z.enum(['host', 'url']),
    maxEvents: z.int().min(100).max(100_000),
  }),
  contact: obj({
    securityTeam: text,
    email: email,
    exceptionRequests: email,
  }),
  policyUrl: httpsUrl.optional().describe('managed only: where the remote policy document is fetched from'),
  policyPublicKey: z
    .string()
    .regex(/^[A-Za-z0-9+/=\s]{40,400}$/, { message: 'not a base64 public key' })
    .optional()
    .describe('managed only: ECDSA P-256 public key (SPKI, base64); the remote document must then be signed'),
  policyRefreshMinutes: z
    .int()
    .min(5)
    .max(24 * 60)
    .optional()
    .describe('managed only: how often the remote document is fetched'),
});

export type Policy = z.infer<typeof PolicySchema>;

type DeepPartialObjects<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartialObjects<T[K]> }
    : T;
/** A layer (remote document, managed storage, cache): any subset of the document; array items stay whole. */
export type PolicyLayer = DeepPartialObjects<Policy>;

// Derived from PolicySchema, so the two can never drift: every object node outside an array becomes partial.
function layerOf(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, layerOf(v as z.ZodType)]));
    return z.strictObject(shape).partial();
  }
  if (schema instanceof z.ZodOptional) return layerOf(schema.unwrap() as z.ZodType).optional();
  return schema;
}
export const PolicyLayerSchema = layerOf(PolicySchema) as z.ZodType<PolicyLayer>;

export type CloudService = Policy['cloud']['services'][number];
export type Approval = Policy['cloud']['approved'][number];
export type KnownOrganization = Policy['directory'][number];
