/// <reference types="office-js" />
// The handler bundle's entry (one classic script for both runtimes): registers each handler under
// its manifest name. missing-globals.ts is built as a prelude in front of this bundle (see
// scripts/build-addin.mjs), because esbuild's own ES2016 helpers read Object.getOwnPropertyDescriptors.
import { LAUNCH_EVENTS } from '../manifest-source.ts';
import * as handlers from './handlers.ts';
import { registerHandler } from './office-access.ts';

const table: Record<string, (event: Office.MailboxEvent) => void> = {
  onNewMessageCompose: handlers.onNewMessageCompose,
  onMessageRecipientsChanged: handlers.onMessageRecipientsChanged,
  onMessageAttachmentsChanged: handlers.onMessageAttachmentsChanged,
  onMessageFromChanged: handlers.onMessageFromChanged,
  onMessageSend: handlers.onMessageSend,
  onNewAppointmentOrganizer: handlers.onNewAppointmentOrganizer,
  onAppointmentAttendeesChanged: handlers.onAppointmentAttendeesChanged,
  onAppointmentAttachmentsChanged: handlers.onAppointmentAttachmentsChanged,
  onAppointmentSend: handlers.onAppointmentSend,
};

for (const e of LAUNCH_EVENTS) {
  const fn = table[e.handler];
  if (!fn) throw new Error(`no handler for ${e.handler}`);
  registerHandler(e.handler, fn);
}
