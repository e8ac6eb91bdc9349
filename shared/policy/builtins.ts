// The data sets shipped with the product (see shared/data/SOURCE.md), typed.
import shortenerDomains from '../data/url-shorteners/domains.json';
import cloudCatalogue from '../data/cloud-services.json';
import personalMailDomains from '../data/personal-mail-domains.json';
import type { CloudService } from './schema.ts';

export const BUILTIN_SHORTENERS: readonly string[] = shortenerDomains;
export const BUILTIN_CLOUD_SERVICES: readonly CloudService[] = cloudCatalogue.services.map(
  ({ tenantAware, ...s }: { tenantAware?: string } & Record<string, unknown>) =>
    ({ ...s, ...(tenantAware ? { note: tenantAware } : {}) }) as CloudService,
);
export const PERSONAL_MAIL_DOMAINS: readonly string[] = personalMailDomains;
