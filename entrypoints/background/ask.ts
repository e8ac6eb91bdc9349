// The typed way for the extension's pages to ask the service worker something.
import { browser } from 'wxt/browser';
import type { Request, Responses } from './protocol';

export function ask<T extends Request>(request: T): Promise<Responses[T['type']]> {
  return browser.runtime.sendMessage(request) as Promise<Responses[T['type']]>;
}
