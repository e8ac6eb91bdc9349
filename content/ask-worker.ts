// The guard's questions to the service worker (entrypoints/background/content-messages.ts). A failed
// or refused question answers null: the caller then fails closed.
import { ext } from './extension-api';
import type { BackstopGrantRequest, FormRequest, JudgeAnswer } from '@/shared/web/form-messages';
import type { SubmissionVerdict } from '@/shared/web/form-verdict';

type Answer<T extends FormRequest['type'] | 'backstop-grant'> = T extends 'form-judge'
  ? JudgeAnswer
  : T extends 'form-upload'
    ? SubmissionVerdict
    : { ok: true };

export async function askWorker<R extends FormRequest | BackstopGrantRequest>(
  request: R,
): Promise<Answer<R['type']> | null> {
  try {
    const answer = (await ext.runtime.sendMessage(request)) as (Answer<R['type']> & { error?: string }) | undefined;
    return answer && !answer.error ? answer : null;
  } catch {
    return null;
  }
}
