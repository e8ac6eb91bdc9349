// The form guard (issue 4) in the isolated world of every frame, from document_start: see content/guard.ts.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startGuard } from '@/content/guard';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main: startGuard,
});
