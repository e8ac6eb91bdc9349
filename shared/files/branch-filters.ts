// The 7z filters that sit after LZMA for programs (7zFormat.txt, "Methods.txt"): branch converters
// turn relative call/jump targets into absolute ones so they compress better; decoding turns them
// back. Only decoding is needed here (to sniff what a 7z member really is). The stream starts at
// position 0, as 7z writes it. BCJ2 (four streams), IA-64 and ARM64 are not decoded: their members
// are "cannot tell".

const BCJ_X86 = '03030103';
const PPC = '03030205';
const ARM = '03030501';
const ARMT = '03030701';
const SPARC = '03030805';
const DELTA = '03';

const isMsByte = (b: number) => b === 0 || b === 0xff;
const MASK_ALLOWED = [true, true, true, false, true, false, false, false];
const MASK_BIT = [0, 1, 2, 2, 3, 3, 3, 3];

/** x86 BCJ: E8 (call) and E9 (jmp) with a 32-bit target whose top byte is 00 or FF. */
function x86(d: Uint8Array): void {
  const size = d.length;
  if (size < 5) return;
  const ip = 5;
  let prevMask = 0;
  let prevPos = -1;
  let pos = 0;
  const limit = size - 4;
  while (pos < limit) {
    const op = d[pos] ?? 0;
    if ((op & 0xfe) !== 0xe8) {
      pos++;
      continue;
    }
    const gap = pos - prevPos;
    if (gap > 3) prevMask = 0;
    else {
      prevMask = (prevMask << (gap - 1)) & 7;
      if (prevMask !== 0) {
        const b = d[pos + 4 - (MASK_BIT[prevMask] ?? 0)] ?? 0;
        if (!MASK_ALLOWED[prevMask] || isMsByte(b)) {
          prevPos = pos;
          prevMask = ((prevMask << 1) & 7) | 1;
          pos++;
          continue;
        }
      }
    }
    prevPos = pos;
    if (isMsByte(d[pos + 4] ?? 0)) {
      let src = ((d[pos + 4] ?? 0) << 24) | ((d[pos + 3] ?? 0) << 16) | ((d[pos + 2] ?? 0) << 8) | (d[pos + 1] ?? 0);
      let dest = 0;
      for (;;) {
        dest = (src - (ip + pos)) | 0;
        if (prevMask === 0) break;
        const index = (MASK_BIT[prevMask] ?? 0) * 8;
        const b = (dest >>> (24 - index)) & 0xff;
        if (!isMsByte(b)) break;
        src = dest ^ ((1 << (32 - index)) - 1);
      }
      d[pos + 4] = ~(((dest >>> 24) & 1) - 1) & 0xff;
      d[pos + 3] = (dest >>> 16) & 0xff;
      d[pos + 2] = (dest >>> 8) & 0xff;
      d[pos + 1] = dest & 0xff;
      pos += 5;
    } else {
      prevMask = ((prevMask << 1) & 7) | 1;
      pos++;
    }
  }
}

/** ARM: BL instructions (top byte EB), 24-bit word offsets relative to pc + 8. */
function arm(d: Uint8Array): void {
  for (let i = 0; i + 4 <= d.length; i += 4) {
    if (d[i + 3] !== 0xeb) continue;
    const src = (((d[i + 2] ?? 0) << 16) | ((d[i + 1] ?? 0) << 8) | (d[i] ?? 0)) << 2;
    const dest = ((src - (i + 8)) >>> 2) & 0xffffff;
    d[i + 2] = dest >>> 16;
    d[i + 1] = (dest >>> 8) & 0xff;
    d[i] = dest & 0xff;
  }
}

/** ARM Thumb: BL pairs (F000 F800), 22-bit halfword offsets relative to pc + 4. */
function armThumb(d: Uint8Array): void {
  for (let i = 0; i + 4 <= d.length; i += 2) {
    if (((d[i + 1] ?? 0) & 0xf8) !== 0xf0 || ((d[i + 3] ?? 0) & 0xf8) !== 0xf8) continue;
    const src =
      ((((d[i + 1] ?? 0) & 7) << 19) | ((d[i] ?? 0) << 11) | (((d[i + 3] ?? 0) & 7) << 8) | (d[i + 2] ?? 0)) << 1;
    const dest = (src - (i + 4)) >>> 1;
    d[i + 1] = 0xf0 | ((dest >>> 19) & 7);
    d[i] = (dest >>> 11) & 0xff;
    d[i + 3] = 0xf8 | ((dest >>> 8) & 7);
    d[i + 2] = dest & 0xff;
    i += 2;
  }
}

/** PowerPC: `bl` (opcode 18 with AA=0, LK=1), big-endian. */
function ppc(d: Uint8Array): void {
  for (let i = 0; i + 4 <= d.length; i += 4) {
    if ((d[i] ?? 0) >>> 2 !== 0x12 || ((d[i + 3] ?? 0) & 3) !== 1) continue;
    const src =
      (((d[i] ?? 0) & 3) << 24) | ((d[i + 1] ?? 0) << 16) | ((d[i + 2] ?? 0) << 8) | ((d[i + 3] ?? 0) & ~3 & 0xff);
    const dest = (src - i) | 0;
    d[i] = 0x48 | ((dest >>> 24) & 3);
    d[i + 1] = (dest >>> 16) & 0xff;
    d[i + 2] = (dest >>> 8) & 0xff;
    d[i + 3] = ((d[i + 3] ?? 0) & 3) | (dest & 0xfc);
  }
}

/** SPARC: `call` with a displacement whose top bits are all 0 or all 1, big-endian. */
function sparc(d: Uint8Array): void {
  for (let i = 0; i + 4 <= d.length; i += 4) {
    const b0 = d[i] ?? 0;
    const b1 = d[i + 1] ?? 0;
    if (!((b0 === 0x40 && (b1 & 0xc0) === 0) || (b0 === 0x7f && (b1 & 0xc0) === 0xc0))) continue;
    let src = ((b0 << 24) | (b1 << 16) | ((d[i + 2] ?? 0) << 8) | (d[i + 3] ?? 0)) >>> 0;
    src = (src << 2) >>> 0;
    let dest = ((src - i) >>> 0) >>> 2;
    dest = ((((0 - ((dest >>> 22) & 1)) << 22) & 0x3fffffff) | (dest & 0x3fffff) | 0x40000000) >>> 0;
    d[i] = dest >>> 24;
    d[i + 1] = (dest >>> 16) & 0xff;
    d[i + 2] = (dest >>> 8) & 0xff;
    d[i + 3] = dest & 0xff;
  }
}

/** Delta: each byte is stored as the difference from the one `distance` bytes before. */
function delta(d: Uint8Array, props: Uint8Array): void {
  const dist = (props[0] ?? 0) + 1;
  for (let i = dist; i < d.length; i++) d[i] = ((d[i] ?? 0) + (d[i - dist] ?? 0)) & 0xff;
}

/** Decodes one filter over a copy of `input`. */
export function branchFilter(id: string, props: Uint8Array, input: Uint8Array): Uint8Array {
  const d = input.slice();
  if (id === BCJ_X86) x86(d);
  else if (id === ARM) arm(d);
  else if (id === ARMT) armThumb(d);
  else if (id === PPC) ppc(d);
  else if (id === SPARC) sparc(d);
  else if (id === DELTA) delta(d, props);
  else throw new Error(`filter ${id} is not decoded here`);
  return d;
}
