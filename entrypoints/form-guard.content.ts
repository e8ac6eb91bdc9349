// The form guard (issue 4) in the isolated world of every frame, from document_start: see content/guard.ts.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ext } from '@/content/extension-api';
import { startGuard } from '@/content/guard';
import { startSeenReporter } from '@/content/seen-reporter';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main() {
    startGuard();
    // The backstop's typed-value hashes (issue 11): fire and forget, a lost report only makes it less informed.
    startSeenReporter((m) => void ext.runtime.sendMessage(m).catch(() => undefined));
  },
});
