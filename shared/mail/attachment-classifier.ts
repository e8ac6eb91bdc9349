// One attachment under the policy: executable (by name, by the engine's report on its bytes),
// marked 要機密 (its name, or the subject), encrypted (only the engine's `true` counts), readable.
import { judgeName } from '../files/executable-names.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { isMarkedConfidential } from './markers.ts';
import type { AttachmentFacts, UnreadableReason } from './types.ts';

export interface AttachmentFacets {
  executable: boolean;
  /** Executable by its name alone (what the user sees), as opposed to by its bytes. */
  executableByName: boolean;
  confidential: boolean;
  /** null = cannot tell, which is not encrypted. */
  encrypted: boolean | null;
  unreadable?: UnreadableReason;
}

export function classifyAttachment(
  compiled: CompiledPolicy,
  a: AttachmentFacts,
  subjectMarked: boolean,
): AttachmentFacets {
  const byName = judgeName(a.name, compiled.policy.mail.executableExtensions).executable;
  const report = a.kind === 'file' ? a.report : undefined;
  let unreadable = a.unreadable;
  // A file without a report was not read, whatever the adapter said: never a silent pass.
  if (a.kind === 'file' && !report && !unreadable) unreadable = 'read-failed';
  // The engine could not read all of it (damaged, not decoded, names encrypted): not a pass either.
  if (a.kind === 'file' && report && report.executable === null && !unreadable) unreadable = 'read-failed';
  if (a.kind === 'item' && !unreadable) unreadable = 'attached-message';
  // A marked subject covers every file sent along; an inline image belongs to the body, not a file.
  const confidential =
    (subjectMarked && !a.inline) || (report?.confidentialMarker ?? false) || isMarkedConfidential(compiled, a.name);
  const facets: AttachmentFacets = {
    executable: byName || report?.executable === true,
    executableByName: byName,
    confidential,
    encrypted: report ? report.encrypted : null,
  };
  if (unreadable) facets.unreadable = unreadable;
  return facets;
}
