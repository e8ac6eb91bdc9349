// Compound File Binary ([MS-CFB]): the sector/FAT file system under legacy Office files, MSI
// packages, Outlook .msg and password-protected OOXML. Only the header, the FAT sectors a chain
// needs, the directory and a few stream heads are read; every chain walk is bounded and loop-safe.
import type { ByteSource } from './byte-source.ts';
import { u16le, u32le } from './bytes.ts';
import { utf16leText } from './text.ts';

const ENDOFCHAIN = 0xfffffffe;
const MAXREGSECT = 0xfffffffa;
/** Directory entries read at most: real files have tens to a few thousand. */
const MAX_DIR_ENTRIES = 20_000;
/** Sectors followed in one chain at most, for the small reads done here. */
const MAX_CHAIN = 1_000_000;

export class CfbError extends Error {
  override name = 'CfbError';
}

export interface CfbEntry {
  readonly name: string;
  /** 1 storage, 2 stream, 5 root. */
  readonly type: number;
  readonly clsid: Uint8Array;
  readonly start: number;
  readonly size: number;
}

export class Cfb {
  readonly sectorSize: number;
  private readonly miniCutoff: number;
  private readonly difatHead: number[] = [];
  private difatMore: number[] | null = null;
  private readonly fatCache = new Map<number, Uint8Array>();
  private rootChain: number[] | null = null;
  private miniFat: number[] | null = null;
  entries: CfbEntry[] = [];

  private constructor(
    private readonly src: ByteSource,
    private readonly header: Uint8Array,
  ) {
    const shift = u16le(header, 0x1e);
    if (shift !== 9 && shift !== 12) throw new CfbError(`sector shift ${shift} is not 9 or 12`);
    if (u16le(header, 0x20) !== 6) throw new CfbError('mini sector size is not 64');
    this.sectorSize = 1 << shift;
    this.miniCutoff = u32le(header, 0x38) || 4096;
    for (let i = 0; i < 109; i++) this.difatHead.push(u32le(header, 0x4c + i * 4));
  }

  static async open(src: ByteSource): Promise<Cfb> {
    const header = await src.read(0, 512);
    if (header.length < 512) throw new CfbError('header truncated');
    const cfb = new Cfb(src, header);
    await cfb.readDirectory();
    return cfb;
  }

  private sectorOffset(s: number): number {
    return (s + 1) * this.sectorSize;
  }

  /** The FAT sector holding the entry for sector `s`, via the header's DIFAT or the DIFAT chain. */
  private async fatSectorFor(index: number): Promise<number> {
    if (index < 109) return this.difatHead[index] ?? ENDOFCHAIN;
    if (!this.difatMore) {
      this.difatMore = [];
      const per = this.sectorSize / 4 - 1;
      let s = u32le(this.header, 0x44);
      const seen = new Set<number>();
      const count = u32le(this.header, 0x48);
      for (let n = 0; n < count && s <= MAXREGSECT && !seen.has(s) && n < 4096; n++) {
        seen.add(s);
        const b = await this.src.read(this.sectorOffset(s), this.sectorSize);
        if (b.length < this.sectorSize) break;
        for (let i = 0; i < per; i++) this.difatMore.push(u32le(b, i * 4));
        s = u32le(b, per * 4);
      }
    }
    return this.difatMore[index - 109] ?? ENDOFCHAIN;
  }

  async next(s: number): Promise<number> {
    const per = this.sectorSize / 4;
    const index = Math.floor(s / per);
    let fat = this.fatCache.get(index);
    if (!fat) {
      const fs = await this.fatSectorFor(index);
      if (fs > MAXREGSECT) throw new CfbError(`FAT sector for sector ${s} is missing`);
      fat = await this.src.read(this.sectorOffset(fs), this.sectorSize);
      if (fat.length < this.sectorSize) throw new CfbError('FAT sector past the end of the file');
      if (this.fatCache.size < 4096) this.fatCache.set(index, fat);
    }
    return u32le(fat, (s % per) * 4);
  }

  /** Up to `limit` sectors of the chain starting at `start`; throws on loops and bad pointers. */
  async chain(start: number, limit: number): Promise<number[]> {
    const out: number[] = [];
    const seen = new Set<number>();
    let s = start;
    const sectors = Math.ceil(this.src.size / this.sectorSize);
    while (s !== ENDOFCHAIN && out.length < limit) {
      if (s > MAXREGSECT || s >= sectors) throw new CfbError(`chain points to sector ${s}, outside the file`);
      if (seen.has(s)) throw new CfbError('sector chain loops');
      seen.add(s);
      out.push(s);
      s = await this.next(s);
    }
    return out;
  }

  private async readDirectory(): Promise<void> {
    const perSector = this.sectorSize / 128;
    const sectors = await this.chain(u32le(this.header, 0x30), Math.ceil(MAX_DIR_ENTRIES / perSector));
    for (const s of sectors) {
      const b = await this.src.read(this.sectorOffset(s), this.sectorSize);
      for (let i = 0; i + 128 <= b.length; i += 128) {
        const type = b[i + 0x42] ?? 0;
        if (type !== 1 && type !== 2 && type !== 5) continue;
        const nameLen = Math.min(64, u16le(b, i + 0x40));
        const name = utf16leText(b.subarray(i, i + Math.max(0, nameLen - 2)));
        const size =
          this.sectorSize === 512 ? u32le(b, i + 0x78) : u32le(b, i + 0x78) + u32le(b, i + 0x7c) * 0x100000000;
        this.entries.push({ name, type, clsid: b.slice(i + 0x50, i + 0x60), start: u32le(b, i + 0x74), size });
      }
    }
    if (!this.entries.some((e) => e.type === 5)) throw new CfbError('no root entry');
  }

  get root(): CfbEntry | undefined {
    return this.entries.find((e) => e.type === 5);
  }

  find(name: string): CfbEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The first `n` bytes of a stream, from regular sectors or from the mini stream. */
  async readStream(e: CfbEntry, n: number): Promise<Uint8Array> {
    const want = Math.min(n, e.size);
    const out = new Uint8Array(want);
    let got = 0;
    if (e.size >= this.miniCutoff || e.type === 5) {
      const sectors = await this.chain(e.start, Math.ceil(want / this.sectorSize));
      for (const s of sectors) {
        const b = await this.src.read(this.sectorOffset(s), Math.min(this.sectorSize, want - got));
        out.set(b, got);
        got += b.length;
      }
      return out.subarray(0, got);
    }
    // Mini stream: 64-byte sectors inside the root entry's chain, chained by the mini FAT.
    const root = this.root;
    if (!root) return out.subarray(0, 0);
    if (!this.rootChain)
      this.rootChain = await this.chain(root.start, Math.min(MAX_CHAIN, Math.ceil(root.size / this.sectorSize) + 1));
    if (!this.miniFat) this.miniFat = await this.chain(u32le(this.header, 0x3c), MAX_CHAIN);
    const miniFat = this.miniFat;
    const perFat = this.sectorSize / 4;
    const seen = new Set<number>();
    let m = e.start;
    while (got < want && m <= MAXREGSECT) {
      if (seen.has(m)) throw new CfbError('mini sector chain loops');
      seen.add(m);
      const at = m * 64;
      const rs = this.rootChain[Math.floor(at / this.sectorSize)];
      if (rs === undefined) throw new CfbError('mini sector outside the mini stream');
      const b = await this.src.read(this.sectorOffset(rs) + (at % this.sectorSize), Math.min(64, want - got));
      out.set(b, got);
      got += b.length;
      const fs = miniFat[Math.floor(m / perFat)];
      if (fs === undefined) break;
      const f = await this.src.read(this.sectorOffset(fs) + (m % perFat) * 4, 4);
      m = u32le(f, 0);
    }
    return out.subarray(0, got);
  }
}
