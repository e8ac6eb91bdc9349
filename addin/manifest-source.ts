// The one source of truth for the add-in's identity, files, handlers and requirement sets: the XML
// manifest, the unified JSON manifest, the handler bundle and the task pane all read it, so an id or
// a URL can never differ between them.

export const DEFAULT_BASE_URL = 'https://localhost:3000/';

export const ADDIN = {
  id: '144685e8-8a8c-414a-95cb-c9762f952288',
  /** XML wants four parts; the unified manifest takes the first three. */
  version: '1.0.0.0',
  provider: 'ssk-guard',
  name: { ja: 'ssk-guard 送信チェック', en: 'ssk-guard send check' },
  shortName: 'ssk-guard',
  description: {
    ja: '送信前に、組織外の宛先、暗号化されていない要機密ファイル、実行ファイル、組織外の差出人を確認します。',
    en: 'Checks each message before it is sent: outside recipients, unencrypted confidential files, executables and the sender.',
  },
  developer: {
    website: 'https://www.ssk.or.jp/',
    privacy: 'https://www.ssk.or.jp/',
    terms: 'https://www.ssk.or.jp/',
  },
  accentColor: '#1F4E9C',
} as const;

/** File names under the base URL (the build writes them all into `.output/addin/`). */
export const FILES = {
  runtimeHtml: 'runtime.html',
  runtimeJs: 'launch.js',
  taskpaneHtml: 'taskpane.html',
  policy: 'policy.json',
  icon16: 'icon-16.png',
  icon32: 'icon-32.png',
  icon64: 'icon-64.png',
  icon80: 'icon-80.png',
  icon128: 'icon-128.png',
  colorIcon: 'color.png',
  outlineIcon: 'outline.png',
} as const;

/** The task pane's control id: the `commandId` Smart Alerts opens (Mailbox 1.14). */
export const TASKPANE_COMMAND_ID = 'sskGuardTaskPane';
/** The same task pane on a meeting being organised (control ids are unique in a manifest). */
export const APPOINTMENT_TASKPANE_COMMAND_ID = 'sskGuardTaskPaneMeeting';

/** Mailbox requirement sets, by what needs them (DESIGN §4). */
export const MAILBOX = {
  /** The manifest's floor: OnMessageSend with Smart Alerts. */
  minimum: '1.12',
  /** getAttachmentContentAsync, from.getAsync. */
  attachments: '1.8',
  /** sessionData, OnMessageRecipientsChanged, OnMessageAttachmentsChanged. */
  sessionData: '1.11',
  fromChanged: '1.13',
  /** sendModeOverride, commandId (task pane). */
  smartAlertsCommand: '1.14',
  /** sendAsync, errorMessageMarkdown. */
  sendAsync: '1.15',
} as const;

export type SendMode = 'Block' | 'SoftBlock' | 'PromptUser';
/** The strictest: a handler may relax it to PromptUser for warnings; blocks stay blocks. */
export const SEND_MODE: SendMode = 'Block';

export interface LaunchEventSpec {
  /** XML manifest `LaunchEvent Type`. */
  xml: string;
  /** Unified manifest `autoRunEvents[].events[].type`. */
  unified: string;
  /** The function registered with Office.actions.associate. */
  handler: string;
  minVersion: string;
  /** A send event: carries the manifest's SendMode. */
  send?: true;
}

export const LAUNCH_EVENTS: readonly LaunchEventSpec[] = [
  {
    xml: 'OnNewMessageCompose',
    unified: 'newMessageComposeCreated',
    handler: 'onNewMessageCompose',
    minVersion: '1.10',
  },
  {
    xml: 'OnMessageRecipientsChanged',
    unified: 'messageRecipientsChanged',
    handler: 'onMessageRecipientsChanged',
    minVersion: '1.11',
  },
  {
    xml: 'OnMessageAttachmentsChanged',
    unified: 'messageAttachmentsChanged',
    handler: 'onMessageAttachmentsChanged',
    minVersion: '1.11',
  },
  { xml: 'OnMessageFromChanged', unified: 'messageFromChanged', handler: 'onMessageFromChanged', minVersion: '1.13' },
  { xml: 'OnMessageSend', unified: 'messageSending', handler: 'onMessageSend', minVersion: '1.12', send: true },
  // Meeting invites go through the same checks: an invite is no back door.
  {
    xml: 'OnNewAppointmentOrganizer',
    unified: 'newAppointmentOrganizerCreated',
    handler: 'onNewAppointmentOrganizer',
    minVersion: '1.10',
  },
  {
    xml: 'OnAppointmentAttendeesChanged',
    unified: 'appointmentAttendeesChanged',
    handler: 'onAppointmentAttendeesChanged',
    minVersion: '1.11',
  },
  {
    xml: 'OnAppointmentAttachmentsChanged',
    unified: 'appointmentAttachmentsChanged',
    handler: 'onAppointmentAttachmentsChanged',
    minVersion: '1.11',
  },
  {
    xml: 'OnAppointmentSend',
    unified: 'appointmentSending',
    handler: 'onAppointmentSend',
    minVersion: '1.12',
    send: true,
  },
];

/** Absolute URLs of every file, under a base URL that must be https and end with a slash. */
export function addinUrls(baseUrl: string = DEFAULT_BASE_URL): Record<keyof typeof FILES, string> {
  if (!/^https:\/\/[^\s/]+(\/[^\s]*)?\/$/.test(baseUrl))
    throw new Error(`add-in base URL must be https and end with "/": ${JSON.stringify(baseUrl)}`);
  const out = {} as Record<keyof typeof FILES, string>;
  for (const [k, f] of Object.entries(FILES)) out[k as keyof typeof FILES] = baseUrl + f;
  return out;
}
