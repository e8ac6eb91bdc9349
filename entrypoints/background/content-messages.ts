// Messages from the extension's content scripts (the form guard). They run inside web pages, so
// only narrow, validated requests are answered here; nothing a page could use to lift a block.
import type { Runtime } from 'webextension-polyfill';
import type { CompiledPolicy } from '@/shared/policy/compile';
import type { NewEvent } from './audit-store';

export interface ContentContext {
  compiled(): Promise<CompiledPolicy>;
  record(event: Omit<NewEvent, 'policyVersion'>): Promise<void>;
}

export function handleContentMessage(
  _message: unknown,
  _sender: Runtime.MessageSender,
  _ctx: ContentContext,
): Promise<unknown> | undefined {
  return undefined; // the form guard (issue 4) adds its requests here
}
