// The data sets shipped with the product (see shared/data/SOURCE.md), typed.
import shortenerList from '../data/shorteners.json';
import cloudCatalogue from '../data/cloud-services.json';
import japaneseServices from '../data/cloud-services-japan.json';
import personalMailDomains from '../data/personal-mail-domains.json';
import type { CloudService } from './schema.ts';

/** The curated shorteners (shared/data/shorteners.json, compiled here), all groups. */
export const BUILTIN_SHORTENERS: readonly string[] = shortenerList.groups.flatMap((g) => g.domains);
export const BUILTIN_CLOUD_SERVICES: readonly CloudService[] = [
  ...cloudCatalogue.services,
  ...japaneseServices.services,
].map(
  ({ tenantAware, ...s }: { tenantAware?: string } & Record<string, unknown>) =>
    ({ ...s, ...(tenantAware ? { note: tenantAware } : {}) }) as CloudService,
);
export const PERSONAL_MAIL_DOMAINS: readonly string[] = personalMailDomains;
