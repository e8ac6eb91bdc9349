// The messages the extension's own pages send to the service worker, and what they get back.
import type { AuditLog } from '@/shared/audit/event';
import type { Action } from '@/shared/policy/rules';
import type { BlockExplanation } from '@/shared/web/block-explanation';
import type { Finding } from '@/shared/web/finding';
import type { HostKind } from '@/shared/web/host-status';
import type { Policy } from '@/shared/policy/schema';
import type { PolicyStatus } from './policy-source';
import type { RemoteStatus } from './remote-policy';

export type Request =
  | { type: 'get-policy-status' }
  | { type: 'explain-block'; rule: string; url: string }
  | { type: 'block-status'; rule: string; url: string }
  | { type: 'resolve-short-link'; url: string }
  | { type: 'request-override'; rule: string; url: string; reason: string }
  | { type: 'get-tab-status'; tabId?: number }
  | { type: 'get-audit' }
  | { type: 'get-admin-view' }
  | { type: 'check-url'; url: string }
  | { type: 'different-site'; url: string };

export interface ResolveResult {
  ok: boolean;
  /** Where the short link leads (after every redirect), as fetched without cookies. */
  destination?: string;
  verdict?: Action;
  findings?: Finding[];
  error?: string;
}

export type OverrideResult = { ok: true; expires: number } | { ok: false; error: { ja: string; en: string } };

export interface TabStatus {
  url?: string;
  host?: string;
  kind?: HostKind;
  organization?: string;
  service?: { name: string; operator: string; validUntil?: string };
  verdict?: Action;
  policy: PolicyStatus;
  blockedToday: number;
}

export interface Responses {
  'get-policy-status': PolicyStatus;
  'explain-block': BlockExplanation;
  /** Whether the block page stands for a block the browser made in its tab, and of which URL. */
  'block-status': { real: boolean; url: string };
  'resolve-short-link': ResolveResult;
  'request-override': OverrideResult;
  'get-tab-status': TabStatus;
  'get-audit': AuditLog;
  'get-admin-view': AdminView;
  'check-url': { ok: true; verdict: Action; findings: Finding[] } | { ok: false; error: string };
  'different-site': { ok: true } | { ok: false; error: { ja: string; en: string } };
}

export interface AdminView {
  status: PolicyStatus;
  policy: Policy;
  remote?: RemoteStatus;
  queued: number;
}
