// Builds version 3 compound files ([MS-CFB]) byte by byte: 512-byte sectors, a FAT, a directory,
// and a mini stream for streams under 4,096 bytes — the layout Office and Windows Installer write.

export interface CfbSpec {
  name: string;
  /** A stream's content; omit for a storage. */
  data?: Uint8Array;
  clsid?: Uint8Array;
}

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export function buildCfb(specs: CfbSpec[], rootClsid: Uint8Array = new Uint8Array(16)): Uint8Array {
  const small = specs.filter((s) => s.data && s.data.length < 4096);
  const big = specs.filter((s) => s.data && s.data.length >= 4096);
  // Mini stream: each small stream padded to 64-byte mini sectors.
  const miniStarts = new Map<CfbSpec, number>();
  let miniSectors = 0;
  for (const s of small) {
    miniStarts.set(s, miniSectors);
    miniSectors += Math.max(1, Math.ceil((s.data as Uint8Array).length / 64));
  }
  const miniBytes = miniSectors * 64;
  const dirSectors = Math.ceil((specs.length + 1) / 4);
  const miniFatSectors = Math.ceil((miniSectors * 4) / 512);
  const miniStreamSectors = Math.ceil(miniBytes / 512);
  const bigSectors = big.map((s) => Math.ceil((s.data as Uint8Array).length / 512));
  const contentSectors = dirSectors + miniFatSectors + miniStreamSectors + bigSectors.reduce((a, b) => a + b, 0);
  let fatSectors = 1;
  while (fatSectors * 128 < fatSectors + contentSectors) fatSectors++;
  const total = fatSectors + contentSectors;
  const fat = new Uint32Array(fatSectors * 128).fill(FREESECT);
  let next = 0;
  const chain = (n: number): number => {
    if (n === 0) return ENDOFCHAIN;
    const start = next;
    for (let i = 0; i < n; i++) fat[next + i] = i === n - 1 ? ENDOFCHAIN : next + i + 1;
    next += n;
    return start;
  };
  for (let i = 0; i < fatSectors; i++) fat[next++] = FATSECT;
  const dirStart = chain(dirSectors);
  const miniFatStart = chain(miniFatSectors);
  const miniStreamStart = chain(miniStreamSectors);
  const bigStarts = bigSectors.map((n) => chain(n));

  const file = new Uint8Array(512 * (total + 1));
  const dv = new DataView(file.buffer);
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  dv.setUint16(0x18, 0x3e, true);
  dv.setUint16(0x1a, 3, true);
  dv.setUint16(0x1c, 0xfffe, true);
  dv.setUint16(0x1e, 9, true);
  dv.setUint16(0x20, 6, true);
  dv.setUint32(0x2c, fatSectors, true);
  dv.setUint32(0x30, dirStart, true);
  dv.setUint32(0x38, 4096, true);
  dv.setUint32(0x3c, miniFatSectors ? miniFatStart : ENDOFCHAIN, true);
  dv.setUint32(0x40, miniFatSectors, true);
  dv.setUint32(0x44, ENDOFCHAIN, true);
  dv.setUint32(0x48, 0, true);
  for (let i = 0; i < 109; i++) dv.setUint32(0x4c + i * 4, i < fatSectors ? i : FREESECT, true);
  const sector = (s: number) => 512 * (s + 1);
  for (let i = 0; i < fat.length; i++)
    dv.setUint32(sector(Math.floor(i / 128)) + (i % 128) * 4, fat[i] ?? FREESECT, true);

  const dirAt = (i: number) => sector(dirStart + Math.floor(i / 4)) + (i % 4) * 128;
  const writeEntry = (
    i: number,
    name: string,
    type: number,
    start: number,
    size: number,
    clsid?: Uint8Array,
    child = NOSTREAM,
    right = NOSTREAM,
  ) => {
    const o = dirAt(i);
    for (let k = 0; k < name.length; k++) dv.setUint16(o + k * 2, name.charCodeAt(k), true);
    dv.setUint16(o + 0x40, (name.length + 1) * 2, true);
    file[o + 0x42] = type;
    file[o + 0x43] = 1;
    dv.setUint32(o + 0x44, NOSTREAM, true);
    dv.setUint32(o + 0x48, right, true);
    dv.setUint32(o + 0x4c, child, true);
    if (clsid) file.set(clsid, o + 0x50);
    dv.setUint32(o + 0x74, start, true);
    dv.setUint32(o + 0x78, size, true);
  };
  writeEntry(
    0,
    'Root Entry',
    5,
    miniStreamSectors ? miniStreamStart : ENDOFCHAIN,
    miniBytes,
    rootClsid,
    specs.length ? 1 : NOSTREAM,
  );
  specs.forEach((s, i) => {
    const right = i + 2 <= specs.length ? i + 2 : NOSTREAM;
    if (!s.data) writeEntry(i + 1, s.name, 1, 0, 0, s.clsid, NOSTREAM, right);
    else if (s.data.length < 4096)
      writeEntry(i + 1, s.name, 2, miniStarts.get(s) ?? 0, s.data.length, undefined, NOSTREAM, right);
    else writeEntry(i + 1, s.name, 2, bigStarts[big.indexOf(s)] ?? 0, s.data.length, undefined, NOSTREAM, right);
  });
  // Unused directory slots are empty entries with no siblings.
  for (let i = specs.length + 1; i < dirSectors * 4; i++) {
    const o = dirAt(i);
    dv.setUint32(o + 0x44, NOSTREAM, true);
    dv.setUint32(o + 0x48, NOSTREAM, true);
    dv.setUint32(o + 0x4c, NOSTREAM, true);
  }
  // Mini FAT: each small stream a chain of mini sectors.
  const miniFat = new Uint32Array(miniFatSectors * 128).fill(FREESECT);
  for (const s of small) {
    const start = miniStarts.get(s) ?? 0;
    const n = Math.max(1, Math.ceil((s.data as Uint8Array).length / 64));
    for (let k = 0; k < n; k++) miniFat[start + k] = k === n - 1 ? ENDOFCHAIN : start + k + 1;
    const at = sector(miniStreamStart) + start * 64; // the mini stream is contiguous here
    file.set(s.data as Uint8Array, at);
  }
  for (let i = 0; i < miniFat.length; i++)
    dv.setUint32(sector(miniFatStart + Math.floor(i / 128)) + (i % 128) * 4, miniFat[i] ?? FREESECT, true);
  big.forEach((s, i) => file.set(s.data as Uint8Array, sector(bigStarts[i] ?? 0)));
  return file;
}

/** A GUID as CFB stores it: the first three fields little-endian. */
export function clsid(guid: string): Uint8Array {
  const h = guid.replace(/[{}-]/g, '');
  const b = new Uint8Array(16);
  const le = (s: string, at: number, n: number) => {
    for (let i = 0; i < n; i++) b[at + i] = parseInt(s.slice((n - 1 - i) * 2, (n - i) * 2), 16);
  };
  le(h.slice(0, 8), 0, 4);
  le(h.slice(8, 12), 4, 2);
  le(h.slice(12, 16), 6, 2);
  for (let i = 0; i < 8; i++) b[8 + i] = parseInt(h.slice(16 + i * 2, 18 + i * 2), 16);
  return b;
}
