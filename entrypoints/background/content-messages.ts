// Messages from the extension's content scripts (the form guard). They run inside web pages, so
// only narrow, validated requests are answered here; nothing a page could use to lift a block.
// The page a request speaks for is taken from the browser's sender record, not from the message.
import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { auditTarget } from '@/shared/audit/event';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { isSensitivityKind, type SensitivityKind } from '@/shared/web/form-sensitivity';
import {
  FORM_EVENT_KINDS as EVENTS,
  FORM_SETTINGS_KEY,
  SUBMISSION_PATHS as PATHS,
  type FormSettings,
  type JudgeAnswer,
} from '@/shared/web/form-messages';
import { judgeSubmission, judgeUpload } from '@/shared/web/form-verdict';
import type { NewEvent } from './audit-store';
import { throttleScope } from '@/shared/audit/throttle';

export interface ContentContext {
  compiled(): Promise<CompiledPolicy>;
  /** Records through the throttle of `scope` (the sender's tab and page): a page cannot flood the log. */
  record(event: Omit<NewEvent, 'policyVersion'>, scope: string): Promise<void>;
}

export type { FormEventKind, FormRequest, JudgeAnswer, SubmissionPath } from '@/shared/web/form-messages';

let published = '';

/**
 * Publishes what each frame's guard reads at document_start (content/form-settings.ts). Call it after
 * every policy load; answering a judge request refreshes it too.
 */
export async function publishFormSettings(compiled: CompiledPolicy): Promise<void> {
  const settings: FormSettings = {
    allPostsSensitive: compiled.policy.forms.allPostsSensitive,
    organizationDomains: [...compiled.organization.domains()],
  };
  const text = JSON.stringify(settings);
  if (text === published) return;
  published = text;
  await browser.storage.local.set({ [FORM_SETTINGS_KEY]: settings });
}

const MAX_URL = 8_192;
const MAX_FILES = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length <= max ? v : null);

function webUrl(v: unknown): string | null {
  const s = text(v, MAX_URL);
  if (s === null) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function kindsOf(v: unknown): SensitivityKind[] | null {
  if (!Array.isArray(v) || v.length > 20 || !v.every(isSensitivityKind)) return null;
  return [...new Set(v)];
}

function namesOf(v: unknown): string[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_FILES) return null;
  const names = v.map((n) => text(n, 1_000));
  return names.every((n): n is string => n !== null) ? names : null;
}

const methodOf = (v: unknown) => {
  const m = text(v, 16)?.toLowerCase();
  return m && /^[a-z]+$/.test(m) ? m : null;
};

/** The document the content script runs in, as the browser reports it (about:blank frames by origin). */
function senderPage(sender: Runtime.MessageSender): string | null {
  if (sender.url && /^https?:/.test(sender.url)) return sender.url;
  const origin = (sender as { origin?: string }).origin;
  if (origin && /^https?:/.test(origin)) return origin + '/';
  return null;
}

/** Query and fragment may carry what the user typed: the audit keeps scheme, host and path only. */
function withoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function judge(
  compiled: CompiledPolicy,
  page: string,
  action: string,
  method: string,
  kinds: SensitivityKind[],
  marked: string[],
  assume: boolean,
) {
  const sensitive = [...kinds];
  if (compiled.policy.forms.allPostsSensitive && method === 'post' && !sensitive.includes('all-posts'))
    sensitive.push('all-posts');
  return judgeSubmission(compiled, {
    page,
    action,
    method,
    sensitive: assume && !sensitive.length ? ['password'] : sensitive,
    markedFiles: marked,
  });
}

export function handleContentMessage(
  message: unknown,
  sender: Runtime.MessageSender,
  ctx: ContentContext,
): Promise<unknown> | undefined {
  if (!isObject(message) || typeof message.type !== 'string' || !message.type.startsWith('form-')) return undefined;
  // A frame that is not a web page (data:, file:) has no page facts: only the destination is judged.
  const page = senderPage(sender) ?? 'about:blank';

  if (message.type === 'form-judge') {
    const action = webUrl(message.action);
    const method = methodOf(message.method);
    const kinds = kindsOf(message.kinds);
    const marked = namesOf(message.markedFiles);
    if (!action || !method || !kinds || !marked) return Promise.resolve({ error: 'bad request' });
    return ctx.compiled().then((compiled): JudgeAnswer => {
      void publishFormSettings(compiled).catch(() => undefined);
      const v = judge(compiled, page, action, method, kinds, marked, message.assumeSensitive === true);
      return { ...v, allPostsSensitive: compiled.policy.forms.allPostsSensitive };
    });
  }

  if (message.type === 'form-upload') {
    const files = namesOf(message.files);
    if (!files) return Promise.resolve({ error: 'bad request' });
    // An empty list asks ahead whether marked files may be chosen here at all.
    return ctx.compiled().then((compiled) => judgeUpload(compiled, page, files.length ? files : ['?']));
  }

  if (message.type === 'form-event') {
    const event = EVENTS.find((e) => e === message.event);
    const path = PATHS.find((p) => p === message.path);
    const action = webUrl(message.action);
    const method = methodOf(message.method);
    const kinds = kindsOf(message.kinds);
    const files =
      typeof message.files === 'number' && message.files >= 0 && message.files <= MAX_FILES ? message.files : null;
    if (!event || !path || !action || !method || !kinds || files === null)
      return Promise.resolve({ error: 'bad request' });
    return ctx.compiled().then(async (compiled) => {
      // The rule and clause are the policy's own verdict on these facts, not the content script's word.
      const marked = Array.from({ length: files }, () => '?');
      const v =
        path === 'upload' || path === 'drop'
          ? judgeUpload(compiled, page, marked)
          : judge(compiled, page, action, method, kinds, marked, false);
      const wanted = event === 'block' ? 'block' : 'warn';
      const finding = v.findings.find((f) => f.action === wanted) ?? v.findings[0];
      const detail: Record<string, string> = {
        path,
        fields: kinds.join(',') || 'none',
        page: new URL(page).host || page,
      };
      if (files) detail.files = String(files);
      await ctx.record(
        {
          kind: event,
          ...(finding ? { rule: finding.rule, clause: finding.clause, action: finding.action } : {}),
          target: auditTarget(withoutQuery(action), compiled.policy.audit.urlDetail),
          detail,
        },
        throttleScope(sender.tab?.id, page),
      );
      return { ok: true };
    });
  }
  return Promise.resolve({ error: 'unknown request' });
}
