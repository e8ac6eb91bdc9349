// Where the add-in is served from: set at build time (ADDIN_BASE_URL), so the JavaScript-only
// runtime, which has no page to resolve against, can fetch policy.json by an absolute URL.
import { DEFAULT_BASE_URL, FILES } from '../manifest-source.ts';

declare const __SSK_ADDIN_BASE_URL__: string | undefined;

export const BASE_URL: string = typeof __SSK_ADDIN_BASE_URL__ === 'string' ? __SSK_ADDIN_BASE_URL__ : DEFAULT_BASE_URL;
export const POLICY_URL = BASE_URL + FILES.policy;
