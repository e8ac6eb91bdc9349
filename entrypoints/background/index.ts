// The extension's service worker: keeps the policy in force, its declarativeNetRequest rules, the
// look-alike guard for top-level navigations, overrides and the audit log. Decisions are the core's.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { auditTarget } from '@/shared/audit/event';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { explainBlock } from '@/shared/web/block-explanation';
import { judgeNavigation } from '@/shared/web/navigation';
import { isDifferentSite, rememberDifferentSite } from './different-sites';
import { decideOverride } from '@/shared/web/override';
import { countOnDay } from '@/shared/audit/event';
import { hostStatus } from '@/shared/web/host-status';
import type { AuditEvent } from '@/shared/audit/event';
import { readAudit, recordAudit, type NewEvent } from './audit-store';
import { FLUSH_ALARM, flushToCollector, queueLength, resumeDelivery } from './audit-forwarder';
import { fetchRemotePolicy, readRemoteStatus } from './remote-policy';
import { handleContentMessage, publishFormSettings, type ContentContext } from './content-messages';
import { startBackstop } from './backstop';
import { blockPageUrl, staticRules, syncPolicyRules } from './dnr-sync';
import { OVERRIDE_ALARM, activeOverride, expireOverrides, grantOverride } from './overrides';
import { loadPolicy, publishStatus, type PolicyStatus } from './policy-source';
import type { OverrideResult, Request, Responses, TabStatus } from './protocol';
import { resolveShortLink } from './resolve';
import { throttleScope, type DropSummary } from '@/shared/audit/throttle';
import { SUMMARY_ALARM, flushSummaries, throttled } from './audit-throttle';
import { blockPageRule, findBlock, forgetTab, matchedInTab, noteBlock } from './navigation-blocks';
import { RULES, RULE_IDS, type RuleId } from '@/shared/policy/rules';
import { startLookalikeGuard } from './lookalike-guard';

const POLICY_ALARM = 'policy-change';
const FETCH_ALARM = 'policy-fetch';

const errorSummary = (errors: { path: string; en: string }[]) =>
  errors
    .map((e) => `${e.path}: ${e.en}`)
    .join('; ')
    .slice(0, 500);

interface State {
  compiled: CompiledPolicy;
  status: PolicyStatus;
}

export default defineBackground({
  type: 'module',
  main() {
    let state: Promise<State> = start();

    // Rules persist in the browser, so only a first install has none: install the built-in and cached
    // layers' rules at once, before waiting for managed storage, so protection starts immediately.
    async function start(): Promise<State> {
      if ((await browser.declarativeNetRequest.getDynamicRules()).length === 0)
        await syncPolicyRules((await loadPolicy({ withManaged: false })).compiled);
      return refresh('start');
    }

    async function refresh(why: string): Promise<State> {
      const { compiled, status, previous } = await loadPolicy();
      await syncPolicyRules(compiled);
      await publishStatus(status);
      await publishFormSettings(compiled);
      if (compiled.nextChange !== null) await browser.alarms.create(POLICY_ALARM, { when: compiled.nextChange });
      else await browser.alarms.clear(POLICY_ALARM);
      await scheduleRemoteFetch(compiled);
      if (compiled.policy.audit.endpoint) await resumeDelivery();
      const log = (event: NewEvent) => recordAudit(event, compiled.policy.audit.maxEvents, forwarder(compiled));
      const changed =
        !previous || previous.version !== status.version || previous.applied.join() !== status.applied.join();
      if (changed)
        await log({
          kind: 'policy-change',
          policyVersion: status.version,
          detail: { layers: status.applied.join(' < '), why },
        });
      for (const r of status.rejected)
        await log({
          kind: 'policy-rejected',
          policyVersion: status.version,
          detail: { layer: r.layer, errors: errorSummary(r.errors) },
        });
      return { compiled, status };
    }
    const reload = (why: string) => (state = state.catch(() => undefined).then(() => refresh(why)));

    // The remote document (managed policyUrl): fetched after each load that changed where it lives,
    // and on a schedule; a good new document becomes the last-known-good layer and reloads the policy.
    async function scheduleRemoteFetch(compiled: CompiledPolicy) {
      const url = compiled.policy.policyUrl;
      if (!url) {
        await browser.alarms.clear(FETCH_ALARM);
        return;
      }
      const period = compiled.policy.policyRefreshMinutes ?? 60;
      const existing = await browser.alarms.get(FETCH_ALARM);
      if (existing?.periodInMinutes !== period)
        await browser.alarms.create(FETCH_ALARM, { when: Date.now() + 500, periodInMinutes: period });
    }
    async function fetchRemote() {
      const { compiled, status } = await state;
      const url = compiled.policy.policyUrl;
      if (!url) return;
      const outcome = await fetchRemotePolicy(url, compiled.policy.policyPublicKey);
      if (outcome.changed) await reload('remote policy fetched');
      else if (!outcome.status.ok)
        await recordAudit(
          {
            kind: 'policy-rejected',
            policyVersion: status.version,
            target: await target(url),
            detail: {
              layer: 'remote',
              errors: [outcome.status.result, ...(outcome.errors ?? [])].join('; ').slice(0, 500),
            },
          },
          compiled.policy.audit.maxEvents,
          forwarder(compiled),
        );
    }

    // Events for the organisation's collector: queued at once, sent a moment later in a batch.
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const forwarder = (compiled: CompiledPolicy) =>
      compiled.policy.audit.endpoint
        ? (_event: AuditEvent) => {
            clearTimeout(flushTimer);
            flushTimer = setTimeout(() => void flushToCollector(compiled.policy), 1_000);
          }
        : undefined;

    const record = async (event: Omit<NewEvent, 'policyVersion'>) => {
      const { compiled, status } = await state;
      await recordAudit(
        { ...event, policyVersion: status.version },
        compiled.policy.audit.maxEvents,
        forwarder(compiled),
      );
    };
    const target = async (url: string) => auditTarget(url, (await state).compiled.policy.audit.urlDetail);
    startBackstop({ record }); // synchronous: its blocking listener is in place before any request

    // Events a page can cause without the user go through the throttle of their tab and page.
    const summarise = async (d: DropSummary) =>
      record({
        kind: 'suppressed',
        detail: {
          scope: d.scope.slice(0, 300),
          duplicates: String(d.duplicates),
          overLimit: String(d.overLimit),
          from: new Date(d.from).toISOString(),
          to: new Date(d.to).toISOString(),
        },
      });
    const recordThrottled = (scope: string, event: Omit<NewEvent, 'policyVersion'>, key?: string) =>
      throttled(scope, event, record, summarise, key);

    /** A block the browser made: remembered for the tab's block page, and recorded (7.1.4). */
    async function blockHappened(
      tabId: number,
      rule: string,
      url: string,
      cause: string,
      frame: 'main' | 'sub',
      action: 'block' | 'warn' = 'block', // warn: a weak look-alike's 「本物ですか？」
    ) {
      if (!(RULE_IDS as readonly string[]).includes(rule)) return;
      const id = rule as RuleId;
      if (frame === 'main' && !(await noteBlock(tabId, { rule, url, at: Date.now() }))) return;
      await recordThrottled(
        throttleScope(tabId, cause),
        {
          kind: action,
          rule: id,
          clause: RULES[id].clause,
          action,
          target: await target(url),
          ...(frame === 'sub' ? { detail: { frame: 'sub' } } : {}),
        },
        `${id}|${frame}|${url.split('#')[0]}`,
      );
    }
    void flushSummaries(summarise);

    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed') void reload('managed policy changed');
    });
    browser.runtime.onInstalled.addListener(() => void reload('installed'));
    browser.runtime.onStartup.addListener(() => void reload('browser start'));
    browser.alarms.onAlarm.addListener(async (alarm) => {
      if (alarm.name === POLICY_ALARM) void reload('approval period changed');
      if (alarm.name === FETCH_ALARM) void fetchRemote();
      if (alarm.name === FLUSH_ALARM) void flushToCollector((await state).compiled.policy);
      if (alarm.name === SUMMARY_ALARM) void flushSummaries(summarise);
      if (alarm.name === OVERRIDE_ALARM)
        for (const o of await expireOverrides())
          await record({ kind: 'override-expired', target: o.host, detail: { rule: o.rule } });
    });

    // Look-alikes cannot be listed in advance: each top-level navigation is judged by the core.
    // Recorded (and remembered for its block page) before the page opens; a weak one as a warning.
    startLookalikeGuard(
      async () => (await state).compiled,
      (tabId, url, action) => blockHappened(tabId, 'lookalike-domain', url, 'navigation', 'main', action),
    );

    // The rules' own redirects and stops, as the browser reports them: the truth the audit records.
    // The page that caused one: Chromium's `initiator` (an origin), Firefox's `originUrl` (a URL).
    const causeOf = (d: { initiator?: string; originUrl?: string }) => d.initiator ?? d.originUrl;
    browser.webRequest.onBeforeRedirect.addListener(
      (details) => {
        if (details.type !== 'main_frame' || details.tabId < 0) return;
        const rule = blockPageRule(details.redirectUrl);
        if (rule) void blockHappened(details.tabId, rule, details.url, causeOf(details) ?? 'navigation', 'main');
      },
      { urls: ['<all_urls>'], types: ['main_frame'] },
    );
    // A frame the rules stopped: Chromium says ERR_BLOCKED_BY_CLIENT, Firefox NS_ERROR_ABORT (which other
    // stops share, hence the check below that this policy blocks the address).
    browser.webRequest.onErrorOccurred.addListener(
      (details) => {
        if (details.type !== 'sub_frame' || details.tabId < 0) return;
        if (!/ERR_BLOCKED_BY_CLIENT|NS_ERROR_ABORT/.test(details.error)) return;
        void (async () => {
          // Another extension may have stopped it: only what this policy blocks is ours to record.
          const v = judgeNavigation((await state).compiled, details.url);
          const f = v.findings.find((x) => x.action === 'block' && x.rule !== 'lookalike-domain');
          if (f) await blockHappened(details.tabId, f.rule, details.url, causeOf(details) ?? 'frame', 'sub');
        })();
      },
      { urls: ['<all_urls>'], types: ['sub_frame'] },
    );
    browser.tabs.onRemoved.addListener((tabId) => forgetTab(tabId));

    const handlers: { [K in Request['type']]: (req: Extract<Request, { type: K }>) => Promise<Responses[K]> } = {
      'get-policy-status': async () => (await state).status,
      'explain-block': async ({ rule, url }) => explainBlock((await state).compiled, rule, url),
      // Answered with the sender's tab, below: is the page in that tab a block the browser made?
      'block-status': async () => ({ real: false, url: '' }),
      'resolve-short-link': async ({ url }) => {
        try {
          // Only a host that is a shortener under the policy is followed (not any address a page names).
          const asked = judgeNavigation((await state).compiled, url);
          if (!asked.findings.some((f) => f.rule === 'shortener'))
            return { ok: false, error: '短縮URLではありません / not a short link under the policy' };
          const destination = await resolveShortLink(url);
          const v = judgeNavigation((await state).compiled, destination);
          await record({
            kind: 'resolve',
            rule: 'shortener',
            target: await target(url),
            detail: { destination: await target(destination), verdict: v.verdict },
          });
          return { ok: true, destination, verdict: v.verdict, findings: v.findings };
        } catch (e) {
          return { ok: false, error: (e as Error).message };
        }
      },
      'request-override': async ({ rule, url, reason }): Promise<OverrideResult> => {
        const decision = decideOverride((await state).compiled, rule, url, reason);
        if (!decision.ok) return decision;
        const { host, finding, minutes } = decision;
        const granted = await grantOverride(host, finding.rule, minutes);
        await record({
          kind: 'override',
          rule: finding.rule,
          clause: finding.clause,
          action: finding.action,
          target: await target(url),
          reason: decision.reason,
          detail: { minutes: String(minutes) },
        });
        return { ok: true, expires: granted.expires };
      },
      'get-tab-status': async ({ tabId }) => {
        const { compiled, status } = await state;
        // The popup asks about the active tab; a page opened with ?tab=<id> (tests, support) about that one.
        const tab = tabId
          ? await browser.tabs.get(tabId)
          : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
        const blockedToday = countOnDay(await readAudit(), 'block', new Date());
        const result: TabStatus = { policy: status, blockedToday };
        if (!tab?.url || !/^https?:/.test(tab.url)) return result;
        const v = judgeNavigation(compiled, tab.url);
        const s = hostStatus(compiled, v.host);
        return {
          ...result,
          url: tab.url,
          host: v.host,
          kind: s.kind,
          verdict: v.verdict,
          organization: s.kind === 'organization' ? compiled.policy.organization.name : s.organization?.name,
          ...(s.service
            ? { service: { name: s.service.name, operator: s.service.operator, validUntil: s.approval?.validUntil } }
            : {}),
        };
      },
      'get-audit': async () => readAudit(),
      'get-admin-view': async () => {
        const { compiled, status } = await state;
        return { status, policy: compiled.policy, remote: await readRemoteStatus(), queued: await queueLength() };
      },
      'different-site': async ({ url }) => {
        let verdict;
        try {
          verdict = judgeNavigation((await state).compiled, url);
        } catch {
          return { ok: false, error: { ja: 'URL ではありません', en: 'not a URL' } };
        }
        const f = verdict.findings.find((x) => x.rule === 'lookalike-domain');
        if (!f || f.action !== 'warn' || verdict.verdict === 'block')
          return {
            ok: false,
            error: {
              ja: 'このサイトは遮断されています（確認では進めません）',
              en: 'this site is blocked (no confirmation lets it through)',
            },
          };
        await rememberDifferentSite(verdict.host, f.details.imitates ?? '');
        await record({
          kind: 'confirm',
          rule: f.rule,
          clause: f.clause,
          action: f.action,
          target: await target(url),
          detail: { choice: 'different-site', imitates: f.details.imitates ?? '' },
        });
        return { ok: true };
      },
      'check-url': async ({ url }) => {
        try {
          const v = judgeNavigation((await state).compiled, url);
          return { ok: true, verdict: v.verdict, findings: v.findings };
        } catch {
          return { ok: false, error: 'URL ではありません / not a URL' };
        }
      },
    };

    const fromContent: ContentContext = {
      compiled: async () => (await state).compiled,
      record: async (event, scope) => void (await recordThrottled(scope, event)),
    };
    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      if (sender.id !== browser.runtime.id) return undefined;
      // The extension's own pages may ask anything below; content scripts (sender.url is the web
      // page's) only their own narrow requests; web pages cannot message the extension at all.
      if (!sender.url?.startsWith(browser.runtime.getURL('/')))
        return handleContentMessage(message, sender, fromContent);
      const req = message as Request;
      if (req?.type === 'block-status') {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return Promise.resolve({ real: false, url: '' });
        return findBlock(tabId, req.rule, req.url).then(async (b) => {
          if (b) return { real: true, url: b.url };
          // The redirect's report may have been lost with a stopped worker: ask the browser's own record.
          if (!req.url || !(await matchedInTab(tabId, req.rule, staticRules))) return { real: false, url: '' };
          const v = judgeNavigation((await state).compiled, req.url);
          if (!v.findings.some((f) => f.rule === req.rule && f.action === 'block')) return { real: false, url: '' };
          await blockHappened(tabId, req.rule, req.url, 'navigation', 'main');
          return { real: true, url: req.url };
        });
      }
      const handler = handlers[req?.type] as ((r: Request) => Promise<unknown>) | undefined;
      return handler ? handler(req) : undefined;
    });
  },
});
