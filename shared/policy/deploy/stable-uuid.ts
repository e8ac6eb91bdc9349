// Reproducible UUIDs for configuration profiles: the same input gives the same PayloadUUID, so building
// the same policy twice gives identical files, and a changed policy gives new ones.

// Four 32-bit FNV-1a lanes with different offsets, then mixed: enough spread for identifiers, not a digest.
export function stableUuid(input: string): string {
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    for (let l = 0; l < 4; l++) lanes[l] = Math.imul(lanes[l]! ^ (c + l), 0x01000193);
  }
  for (let round = 0; round < 4; round++) {
    for (let l = 0; l < 4; l++) {
      let h = lanes[l]! ^ lanes[(l + 1) % 4]! ^ (lanes[(l + 3) % 4]! >>> 15);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      lanes[l] = (h ^ (h >>> 16)) >>> 0;
    }
  }
  const hex = lanes.map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
  // RFC 9562 version 8 ("custom") with the standard variant bits.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}
