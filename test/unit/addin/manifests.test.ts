// Both manifests, generated from addin/manifest-source.ts: the XML parsed and the elements Outlook
// needs checked; the unified JSON validated offline with office-addin-manifest; the two agreeing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { validateManifest } from 'office-addin-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestJson } from '../../../addin/manifest-json.ts';
import {
  ADDIN,
  DEFAULT_BASE_URL,
  LAUNCH_EVENTS,
  MAILBOX,
  TASKPANE_COMMAND_ID,
  APPOINTMENT_TASKPANE_COMMAND_ID,
} from '../../../addin/manifest-source.ts';
import { manifestXml } from '../../../addin/manifest-xml.ts';
import { buildAddin } from './build.ts';

const BASE = 'https://addin.ssk.example/guard/';
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssk-manifest-'));
  await buildAddin({ outDir: dir, baseUrl: BASE, writeRepoManifests: false });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['LaunchEvent', 'bt:Url', 'bt:Image', 'Control', 'Runtime'].includes(name),
});
const at = (n: unknown, ...path: string[]): Node => {
  let cur = n as Node;
  for (const p of path) {
    const next = cur[p];
    if (next === undefined) throw new Error(`missing <${p}> under ${Object.keys(cur).join(', ')}`);
    cur = next as Node;
  }
  return cur;
};

describe('the XML manifest', () => {
  const xml = () => parser.parse(readFileSync(join(dir, 'manifest.xml'), 'utf8')) as Node;

  it('is a mail add-in with the source’s id and read/write mailbox permission (sendAsync)', () => {
    const app = at(xml(), 'OfficeApp');
    expect(app['@xsi:type']).toBe('MailApp');
    expect(app.Id).toBe(ADDIN.id);
    expect(app.Permissions).toBe('ReadWriteMailbox');
    expect(at(app, 'Hosts', 'Host')['@Name']).toBe('Mailbox');
  });

  it('has VersionOverrides 1.1 inside 1.0, requiring Mailbox 1.12', () => {
    const v10 = at(xml(), 'OfficeApp', 'VersionOverrides');
    expect(v10['@xsi:type']).toBe('VersionOverridesV1_0');
    const v11 = at(v10, 'VersionOverrides');
    expect(v11['@xsi:type']).toBe('VersionOverridesV1_1');
    expect(v11['@xmlns']).toBe('http://schemas.microsoft.com/office/mailappversionoverrides/1.1');
    const sets = at(v11, 'Requirements', 'bt:Sets');
    expect(sets['@DefaultMinVersion']).toBe(MAILBOX.minimum);
    expect(at(sets, 'bt:Set')['@Name']).toBe('Mailbox');
  });

  it('declares the browser runtime with the JavaScript override for classic Outlook', () => {
    const host = at(xml(), 'OfficeApp', 'VersionOverrides', 'VersionOverrides', 'Hosts', 'Host');
    const runtime = (at(host, 'Runtimes').Runtime as Node[])[0]!;
    expect(runtime['@resid']).toBe('WebViewRuntime.Url');
    expect(at(runtime, 'Override')).toMatchObject({ '@type': 'javascript', '@resid': 'JSRuntime.Url' });
    const urls = Object.fromEntries(
      (at(xml(), 'OfficeApp', 'VersionOverrides', 'VersionOverrides', 'Resources', 'bt:Urls')['bt:Url'] as Node[]).map(
        (u) => [u['@id'], u['@DefaultValue']],
      ),
    );
    expect(urls).toEqual({
      'WebViewRuntime.Url': BASE + 'runtime.html',
      'JSRuntime.Url': BASE + 'launch.js',
      'Taskpane.Url': BASE + 'taskpane.html',
    });
  });

  it('activates on every launch event, OnMessageSend and OnAppointmentSend with SendMode Block (the strictest)', () => {
    const points = at(xml(), 'OfficeApp', 'VersionOverrides', 'VersionOverrides', 'Hosts', 'Host', 'DesktopFormFactor')
      .ExtensionPoint as Node[];
    const launch = points.find((p) => p['@xsi:type'] === 'LaunchEvent')!;
    const events = at(launch, 'LaunchEvents').LaunchEvent as Node[];
    expect(events.map((e) => [e['@Type'], e['@FunctionName']])).toEqual(LAUNCH_EVENTS.map((e) => [e.xml, e.handler]));
    expect(events.map((e) => e['@Type'])).toEqual([
      'OnNewMessageCompose',
      'OnMessageRecipientsChanged',
      'OnMessageAttachmentsChanged',
      'OnMessageFromChanged',
      'OnMessageSend',
      'OnNewAppointmentOrganizer',
      'OnAppointmentAttendeesChanged',
      'OnAppointmentAttachmentsChanged',
      'OnAppointmentSend',
    ]);
    expect(events.find((e) => e['@Type'] === 'OnMessageSend')!['@SendMode']).toBe('Block');
    // A meeting invite is no back door: its send is as strict as a message's.
    expect(events.find((e) => e['@Type'] === 'OnAppointmentSend')!['@SendMode']).toBe('Block');
    expect(events.filter((e) => e['@SendMode']).length).toBe(2);
    expect(at(launch, 'SourceLocation')['@resid']).toBe('WebViewRuntime.Url');
  });

  it('has the task pane command whose id Smart Alerts opens (commandId)', () => {
    const points = at(xml(), 'OfficeApp', 'VersionOverrides', 'VersionOverrides', 'Hosts', 'Host', 'DesktopFormFactor')
      .ExtensionPoint as Node[];
    const compose = points.find((p) => p['@xsi:type'] === 'MessageComposeCommandSurface')!;
    const control = (at(compose, 'OfficeTab', 'Group').Control as Node[])[0]!;
    expect(control['@id']).toBe(TASKPANE_COMMAND_ID);
    expect(at(control, 'Action')).toMatchObject({ '@xsi:type': 'ShowTaskpane' });
    // The same pane on a meeting being organised, under its own control id.
    const meeting = points.find((p) => p['@xsi:type'] === 'AppointmentOrganizerCommandSurface')!;
    const meetingControl = (at(meeting, 'OfficeTab', 'Group').Control as Node[])[0]!;
    expect(meetingControl['@id']).toBe(APPOINTMENT_TASKPANE_COMMAND_ID);
    expect(at(meetingControl, 'Action')).toMatchObject({ '@xsi:type': 'ShowTaskpane' });
  });

  it('activates on messages and appointments being composed', () => {
    const rules = at(xml(), 'OfficeApp', 'Rule').Rule as Node[];
    expect(rules.map((r) => [r['@ItemType'], r['@FormType']])).toEqual([
      ['Message', 'Edit'],
      ['Appointment', 'Edit'],
    ]);
  });

  it('escapes what it writes and puts every URL under the base', () => {
    const text = readFileSync(join(dir, 'manifest.xml'), 'utf8');
    for (const m of text.matchAll(/"(https:[^"]+)"/g)) {
      if (
        !m[1]!.includes('schemas.microsoft.com') &&
        !m[1]!.includes('www.w3.org') &&
        !m[1]!.startsWith(ADDIN.developer.website)
      )
        expect(m[1]!.startsWith(BASE)).toBe(true);
    }
  });
});

describe('the unified JSON manifest', () => {
  it('passes office-addin-manifest validate (offline, with the schema shipped in the package)', async () => {
    const result = await validateManifest(join(dir, 'manifest.json'));
    expect(result.report?.errors ?? []).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('and the validation bites: a broken send mode is refused', async () => {
    const bad = manifestJson(BASE) as {
      extensions: { autoRunEvents: { events: { options?: { sendMode: string } }[] }[] }[];
    };
    bad.extensions[0]!.autoRunEvents[0]!.events[4]!.options!.sendMode = 'hard';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const outcome = await validateManifest(file).then(
      (r) => r.isValid,
      () => false,
    );
    expect(outcome).toBe(false);
  });

  it('agrees with the XML manifest: id, handlers, send mode, requirement set, task pane id', () => {
    const j = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(j.id).toBe(ADDIN.id);
    const ext = j.extensions[0];
    expect(ext.requirements.capabilities).toEqual([{ name: 'Mailbox', minVersion: MAILBOX.minimum }]);
    expect(ext.runtimes[0].code).toEqual({ page: BASE + 'runtime.html', script: BASE + 'launch.js' });
    const events = ext.autoRunEvents[0].events;
    expect(events.map((e: { actionId: string }) => e.actionId)).toEqual(LAUNCH_EVENTS.map((e) => e.handler));
    expect(events.find((e: { type: string }) => e.type === 'messageSending').options).toEqual({ sendMode: 'block' });
    expect(events.find((e: { type: string }) => e.type === 'appointmentSending').options).toEqual({
      sendMode: 'block',
    });
    expect(ext.ribbons.map((r: { contexts: string[] }) => r.contexts)).toEqual([
      ['mailCompose'],
      ['meetingDetailsOrganizer'],
    ]);
    expect(ext.ribbons[0].tabs[0].groups[0].controls[0].id).toBe(TASKPANE_COMMAND_ID);
  });

  it('ships as a package with its icons', () => {
    const files = unzipSync(readFileSync(join(dir, 'ssk-guard-addin.zip')));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const size = (png: Uint8Array) => [
      new DataView(png.buffer, png.byteOffset).getUint32(16),
      new DataView(png.buffer, png.byteOffset).getUint32(20),
    ];
    expect(size(files['color.png']!)).toEqual([192, 192]);
    expect(size(files['outline.png']!)).toEqual([32, 32]);
  });
});

describe('one source of truth', () => {
  it('the manifests in addin/ are what the generator makes for the default base URL', () => {
    const repo = new URL('../../../addin/', import.meta.url).pathname;
    expect(readFileSync(repo + 'manifest.xml', 'utf8')).toBe(manifestXml(DEFAULT_BASE_URL));
    expect(JSON.parse(readFileSync(repo + 'manifest.json', 'utf8'))).toEqual(manifestJson(DEFAULT_BASE_URL));
  });
  it('refuses a base URL that is not https or lacks the final slash', () => {
    expect(() => manifestXml('http://localhost:3000/')).toThrow();
    expect(() => manifestXml('https://localhost:3000')).toThrow();
  });
  it('the built handler bundle fetches policy.json from the same base', () => {
    expect(readFileSync(join(dir, 'launch.js'), 'utf8')).toContain(JSON.stringify(BASE).slice(1, -1));
  });
});
