// One walk up a host's labels (`a.b.bit.ly`, `b.bit.ly`, `bit.ly`, `ly`) through the compiled host
// index, keeping the most specific entry of each kind.
import type { CompiledPolicy, HostTags } from '../policy/compile.ts';

export function hostFacts(compiled: CompiledPolicy, host: string): HostTags {
  const index = compiled.hostIndex;
  let facts: HostTags | undefined;
  let single = true; // most hosts match one entry or none: return it as it is, copy only to merge
  for (let at = 0; at >= 0; at = host.indexOf('.', at) + 1 || -1) {
    const t = index.get(at ? host.slice(at) : host);
    if (!t) continue;
    if (!facts) facts = t;
    else {
      if (single) {
        facts = { ...facts };
        single = false;
      }
      facts.organization ??= t.organization;
      facts.known ??= t.known;
      facts.service ??= t.service;
      facts.listed ??= t.listed;
      facts.shortener ??= t.shortener;
      facts.shortenerException ??= t.shortenerException;
    }
  }
  return facts ?? NONE;
}

const NONE: HostTags = Object.freeze({});
