// The main-world hook of the form guard (issue 4): script posts and form.submit() ask the isolated
// guard first. It must run before any page script, in every frame: see content/hook.ts.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { installHook } from '@/content/hook';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main: installHook,
});
