// The unified manifest for Microsoft 365 (JSON), generated from manifest-source.ts beside the XML one.
// The same ids, URLs, handlers, send mode and requirement sets; `office-addin-manifest validate`
// checks it offline against the schema shipped with the package.
import {
  ADDIN,
  addinUrls,
  DEFAULT_BASE_URL,
  FILES,
  LAUNCH_EVENTS,
  MAILBOX,
  SEND_MODE,
  TASKPANE_COMMAND_ID,
  APPOINTMENT_TASKPANE_COMMAND_ID,
} from './manifest-source.ts';

export const UNIFIED_MANIFEST_VERSION = '1.17';
const OPEN_TASKPANE_ACTION = 'openSendCheck';

export function manifestJson(baseUrl: string = DEFAULT_BASE_URL): Record<string, unknown> {
  const u = addinUrls(baseUrl);
  const mailbox = { capabilities: [{ name: 'Mailbox', minVersion: MAILBOX.minimum }], scopes: ['mail'] };
  const icons = [
    { size: 16, url: u.icon16 },
    { size: 32, url: u.icon32 },
    { size: 80, url: u.icon80 },
  ];
  const ribbon = (context: string, group: string, control: string) => ({
    contexts: [context],
    tabs: [
      {
        builtInTabId: 'TabDefault',
        groups: [
          {
            id: group,
            label: 'ssk-guard',
            icons,
            controls: [
              {
                id: control,
                type: 'button',
                label: '送信前チェック / Send check',
                icons,
                supertip: {
                  title: '送信前チェック / Send check',
                  description: '宛先をドメインごとに確認します。 / Confirm recipients domain by domain.',
                },
                actionId: OPEN_TASKPANE_ACTION,
              },
            ],
          },
        ],
      },
    ],
  });
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: UNIFIED_MANIFEST_VERSION,
    version: ADDIN.version.split('.').slice(0, 3).join('.'),
    id: ADDIN.id,
    developer: {
      name: ADDIN.provider,
      websiteUrl: ADDIN.developer.website,
      privacyUrl: ADDIN.developer.privacy,
      termsOfUseUrl: ADDIN.developer.terms,
    },
    name: { short: ADDIN.shortName, full: `${ADDIN.name.ja} / ${ADDIN.name.en}` },
    description: {
      short: '送信前チェック / Checks each message before it is sent',
      full: `${ADDIN.description.ja}\n${ADDIN.description.en}`,
    },
    icons: { outline: FILES.outlineIcon, color: FILES.colorIcon },
    accentColor: ADDIN.accentColor,
    validDomains: [new URL(baseUrl).host],
    authorization: {
      permissions: { resourceSpecific: [{ name: 'Mailbox.ReadWrite.User', type: 'Delegated' }] },
    },
    extensions: [
      {
        requirements: mailbox,
        runtimes: [
          {
            id: 'EventRuntime',
            type: 'general',
            code: { page: u.runtimeHtml, script: u.runtimeJs },
            lifetime: 'short',
            actions: LAUNCH_EVENTS.map((e) => ({ id: e.handler, type: 'executeFunction' })),
          },
          {
            id: 'TaskPaneRuntime',
            type: 'general',
            code: { page: u.taskpaneHtml },
            lifetime: 'short',
            actions: [{ id: OPEN_TASKPANE_ACTION, type: 'openPage' }],
          },
        ],
        ribbons: [
          ribbon('mailCompose', 'sskGuardGroup', TASKPANE_COMMAND_ID),
          ribbon('meetingDetailsOrganizer', 'sskGuardMeetingGroup', APPOINTMENT_TASKPANE_COMMAND_ID),
        ],
        autoRunEvents: [
          {
            requirements: mailbox,
            events: LAUNCH_EVENTS.map((e) => ({
              type: e.unified,
              actionId: e.handler,
              ...(e.send ? { options: { sendMode: SEND_MODE.replace(/^./, (c) => c.toLowerCase()) } } : {}),
            })),
          },
        ],
      },
    ],
  };
}
