// A meeting invite as a message carries it (text/calendar; method=REQUEST, RFC 5545): its attendees
// are recipients. Required and chair attendees read as To, optional and non-participants as Cc;
// rooms and resources are left out (they are mailboxes of the organisation's own booking system).
import type { RecipientFacts } from './types.ts';

/** Lines unfolded (RFC 5545 3.1: a line break followed by a space or tab continues the line). */
function unfold(ics: string): string[] {
  return ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

function param(params: string, name: string): string {
  const m = new RegExp(`;${name}=("([^"]*)"|[^;:]*)`, 'i').exec(params);
  return m ? (m[2] ?? m[1] ?? '').toUpperCase() : '';
}

export function inviteAttendees(ics: string): RecipientFacts[] {
  const out: RecipientFacts[] = [];
  for (const line of unfold(ics)) {
    const m = /^ATTENDEE((?:;[^:]*)?):(.*)$/i.exec(line);
    if (!m) continue;
    const params = m[1] ?? '';
    const cutype = param(params, 'CUTYPE');
    if (cutype === 'ROOM' || cutype === 'RESOURCE') continue;
    const value = (m[2] ?? '').trim();
    const address = value.replace(/^mailto:/i, '');
    const role = param(params, 'ROLE');
    const cn = /;CN=("([^"]*)"|[^;:]*)/i.exec(params);
    const r: RecipientFacts = {
      address,
      field: role === 'OPT-PARTICIPANT' || role === 'NON-PARTICIPANT' ? 'cc' : 'to',
    };
    const name = cn ? (cn[2] ?? cn[1] ?? '') : '';
    if (name) r.name = name;
    out.push(r);
  }
  return out;
}
