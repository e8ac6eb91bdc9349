// What the guard needs before it can let a submission go without asking the service worker: whether every
// POST is sensitive, and the organisation's domains (shared/web/form-fast-path.ts). The service worker
// publishes them in extension storage after each policy load; each frame reads them on first need (no
// message to the worker, which may be asleep or still starting). Until the worker has published anything
// (the first seconds after install), the built-in default stands in.
import { ext } from './extension-api';
import { DEFAULT_FORMS, DEFAULT_ORGANIZATION } from '@/shared/policy/default-forms';
import { FORM_SETTINGS_KEY, type FormSettings } from '@/shared/web/form-messages';

export { FORM_SETTINGS_KEY, type FormSettings };

export const BUILTIN_FORM_SETTINGS: FormSettings = {
  allPostsSensitive: DEFAULT_FORMS.allPostsSensitive,
  organizationDomains: DEFAULT_ORGANIZATION.domains,
};

export async function readFormSettings(): Promise<FormSettings> {
  try {
    const v = (await ext.storage.local.get(FORM_SETTINGS_KEY))[FORM_SETTINGS_KEY] as Partial<FormSettings> | undefined;
    if (typeof v?.allPostsSensitive !== 'boolean') return BUILTIN_FORM_SETTINGS;
    const domains = Array.isArray(v.organizationDomains) && v.organizationDomains.every((d) => typeof d === 'string');
    return {
      allPostsSensitive: v.allPostsSensitive,
      // An older cache without the domains: nothing is allowed ahead of the worker.
      organizationDomains: domains ? (v.organizationDomains as string[]) : [],
    };
  } catch {
    return BUILTIN_FORM_SETTINGS;
  }
}
