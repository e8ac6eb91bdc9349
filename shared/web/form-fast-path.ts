// The one verdict the form guard may give without the service worker (issue 12 §4): a submission from a
// page of the organisation to the organisation, both over https, is allowed under any policy that names
// those domains as the organisation's (judgeSubmission finds nothing: encrypted, not cross-site, not a
// look-alike, not an unknown organisation). Files marked 要機密 are not covered: the worker judges those.
// Anything else waits for the worker's verdict. Pure, and small enough for every frame.

function hostOf(url: string, base?: string): { host: string; https: boolean } | null {
  try {
    const u = new URL(url, base);
    return { host: u.hostname.toLowerCase().replace(/\.$/, ''), https: u.protocol === 'https:' };
  } catch {
    return null;
  }
}

const within = (host: string, domains: readonly string[]) =>
  domains.some((d) => {
    const domain = d.toLowerCase();
    return host === domain || host.endsWith('.' + domain);
  });

/** True when `page` → `action` stays inside the organisation's `domains` over https. */
export function allowedWithoutWorker(organizationDomains: readonly string[], page: string, action: string): boolean {
  const from = hostOf(page);
  const to = hostOf(action, page);
  if (!from || !to || !from.https || !to.https) return false;
  return within(from.host, organizationDomains) && within(to.host, organizationDomains);
}
