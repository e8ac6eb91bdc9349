// `ssk-guard mail` on the rules of issue 14: --compose, --original, the body, invites
// (text/calendar; method=REQUEST), S/MIME; exit status from the same send decision as the add-in.
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/mail.ts';
import { BadInput } from '../../../cli/io.ts';

const FIX = 'test/fixtures/mail/';

async function mail(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    err.push(e.message);
    code = 3;
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
async function json(file: string, ...argv: string[]) {
  const r = await mail(FIX + file, ...argv, '--json');
  return { ...r, value: JSON.parse(r.stdout) };
}
const rules = (v: { findings: { rule: string }[] }) => v.findings.map((f) => f.rule);

describe('ssk-guard mail: the new rules', () => {
  it('many-external-recipients: 5 outsiders in To/Cc warn (exit 1), with what Bcc would take', async () => {
    const r = await json('bcc-many.eml');
    expect(r.code).toBe(1);
    expect(rules(r.value)).toContain('many-external-recipients');
    expect(r.value.moveToBcc).toHaveLength(5);
    expect(r.value.findings.find((f: { rule: string }) => f.rule === 'many-external-recipients').details.count).toBe(
      '5',
    );
  });
  it('many-external-recipients passes under a higher threshold', async () => {
    const r = await json('bcc-many.eml', '--policy', FIX + 'policy-bcc-10.json');
    expect(rules(r.value)).not.toContain('many-external-recipients');
  });
  it('an HTML-only body: a shortener behind link text blocks, a mismatched link is named (exit 2)', async () => {
    const r = await json('body-link-hidden.eml');
    expect(r.code).toBe(2);
    expect(rules(r.value)).toEqual(['shortener', 'link-text-mismatch']);
    expect(r.value.findings[0].details.where).toBe('body');
    expect(r.value.body).toEqual({ read: true, links: 3, kinds: [] });
  });
  it('a My Number (full-width digits) in the body going outside blocks; S/MIME enveloped passes it', async () => {
    const r = await json('body-mynumber.eml');
    expect(r.code).toBe(2);
    expect(r.value.findings[0]).toMatchObject({ rule: 'unencrypted-confidential-body', action: 'block' });
    expect(r.value.body.kinds).toEqual(['my-number']);
    const smime = await json('body-mynumber-smime.eml');
    expect(smime.value.encrypted).toBe(true);
    expect(rules(smime.value)).not.toContain('unencrypted-confidential-body');
    expect(rules(smime.value)).not.toContain('unencrypted-confidential-attachment');
  });
  it('forward-to-personal: 転送： to gmail.com blocks; --compose new cannot relax a forward prefix', async () => {
    const r = await json('forward-personal.eml');
    expect(r.code).toBe(2);
    expect(r.value.composeType).toBe('forward');
    expect(rules(r.value)).toContain('forward-to-personal');
    expect(rules((await json('forward-personal.eml', '--compose', 'new')).value)).toContain('forward-to-personal');
  });
  it('--compose forward makes any message a forward', async () => {
    const r = await json('external.eml', '--compose', 'forward');
    expect(rules(r.value)).toContain('forward-to-personal');
    expect(rules((await json('external.eml')).value)).not.toContain('forward-to-personal');
  });
  it('new-external-domain: a reply (In-Reply-To, ＲＥ：) against --original names the gained domain', async () => {
    const r = await json('reply-new-domain.eml', '--original', FIX + 'original.eml');
    expect(r.code).toBe(1);
    expect(r.value.composeType).toBe('reply');
    const f = r.value.findings.find((x: { rule: string }) => x.rule === 'new-external-domain');
    expect(f.details.domains).toBe('new-party.example');
    // Without the original there is nothing to compare with; --compose new cannot outweigh the ＲＥ： (stricter).
    expect(rules((await json('reply-new-domain.eml')).value)).not.toContain('new-external-domain');
    expect(
      rules((await json('reply-new-domain.eml', '--original', FIX + 'original.eml', '--compose', 'new')).value),
    ).toContain('new-external-domain');
    // A new message (no prefix, no In-Reply-To) given an original is read as a reply to it.
    expect(rules((await json('external.eml', '--original', FIX + 'original.eml')).value)).toContain(
      'new-external-domain',
    );
  });
  it('an invite: attendees are recipients (rooms left out), the body is judged, the calendar is no attachment', async () => {
    const r = await json('invite.eml');
    expect(r.value.invite).toBe(true);
    expect(r.value.outsideDomains.sort()).toEqual(['gmail.com', 'partner.example']);
    expect(rules(r.value)).toContain('shortener');
    expect(r.value.attachments).toEqual([]);
    expect(r.code).toBe(2);
  });
  it('bad --compose and a missing --original are bad input (exit 3)', async () => {
    expect((await mail(FIX + 'internal.eml', '--compose', 'sideways')).code).toBe(3);
    const r = await mail(FIX + 'internal.eml', '--original', FIX + 'nope.eml');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('nope.eml');
  });
});
