// Where the add-in is served from: set at build time (ADDIN_BASE_URL), so the JavaScript-only
// runtime, which has no page to resolve against, can fetch policy.json by an absolute URL.
import { DEFAULT_BASE_URL, FILES } from '../manifest-source.ts';

declare const __SSK_ADDIN_BASE_URL__: string | undefined;
declare const __SSK_ADDIN_POLICY_PUBLIC_KEY__: string | undefined;

export const BASE_URL: string = typeof __SSK_ADDIN_BASE_URL__ === 'string' ? __SSK_ADDIN_BASE_URL__ : DEFAULT_BASE_URL;
export const POLICY_URL = BASE_URL + FILES.policy;
/**
 * The organisation's policy-signing public key (ADDIN_POLICY_PUBLIC_KEY at build time, SPKI base64, as
 * `ssk-guard policy keygen` writes it): when set, policy.json must be a signed document (`policy sign`).
 */
export const POLICY_PUBLIC_KEY: string | undefined =
  typeof __SSK_ADDIN_POLICY_PUBLIC_KEY__ === 'string' && __SSK_ADDIN_POLICY_PUBLIC_KEY__
    ? __SSK_ADDIN_POLICY_PUBLIC_KEY__
    : undefined;
