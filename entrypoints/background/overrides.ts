// Temporary exceptions a user takes past a block, where the policy allows it (2.2.2): a session rule
// that allows one host for the policy's duration, removed by an alarm (and by the browser at exit).
import { browser } from 'wxt/browser';
import { OVERRIDE_PRIORITY } from '@/shared/web/dnr';

const KEY = 'overrides';
export const OVERRIDE_ALARM = 'override-expiry';
const FIRST_OVERRIDE_ID = 1_000_000;

export interface Override {
  id: number;
  host: string;
  rule: string;
  expires: number;
}

async function list(): Promise<Override[]> {
  return ((await browser.storage.session.get(KEY))[KEY] as Override[] | undefined) ?? [];
}

async function save(overrides: Override[]) {
  await browser.storage.session.set({ [KEY]: overrides });
  const next = Math.min(...overrides.map((o) => o.expires));
  if (Number.isFinite(next)) await browser.alarms.create(OVERRIDE_ALARM, { when: next });
  else await browser.alarms.clear(OVERRIDE_ALARM);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function grantOverride(host: string, rule: string, minutes: number, now = Date.now()): Promise<Override> {
  const current = (await list()).filter((o) => o.host !== host && o.expires > now);
  const id = Math.max(FIRST_OVERRIDE_ID - 1, ...current.map((o) => o.id)) + 1;
  const override: Override = { id, host, rule, expires: now + minutes * 60_000 };
  const stale = (await browser.declarativeNetRequest.getSessionRules()).filter(
    (r) => !current.some((o) => o.id === r.id),
  );
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: stale.map((r) => r.id),
    addRules: [
      {
        id,
        priority: OVERRIDE_PRIORITY,
        action: { type: 'allow' },
        // This host only, any scheme and port: not its subdomains.
        condition: {
          regexFilter: `^[a-z]+://${escapeRegExp(host)}(:[0-9]+)?/`,
          resourceTypes: ['main_frame', 'sub_frame'],
        },
      },
    ],
  });
  await save([...current, override]);
  return override;
}

/** Removes what has run out; returns the expired overrides (for the audit log). */
export async function expireOverrides(now = Date.now()): Promise<Override[]> {
  const all = await list();
  const expired = all.filter((o) => o.expires <= now);
  if (!expired.length) return [];
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: expired.map((o) => o.id) });
  await save(all.filter((o) => o.expires > now));
  return expired;
}

export async function activeOverride(host: string, now = Date.now()): Promise<Override | undefined> {
  return (await list()).find((o) => o.host === host && o.expires > now);
}
