// Where the bytes of a file come from. The engine asks only for the ranges a verdict needs, so a
// 25 MB attachment costs a few small reads, whatever holds it (memory, a Blob, base64, a file).

export interface ByteSource {
  readonly size: number;
  /**
   * Bytes [offset, offset + length) clamped to the source: fewer bytes (or none) come back past
   * the end; a source that cannot be read rejects.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Clamps a requested range to [0, size); returns [start, end). */
export function clampRange(size: number, offset: number, length: number): [number, number] {
  const start = Math.max(0, Math.min(size, Math.floor(offset)));
  const end = Math.max(start, Math.min(size, Math.floor(offset + Math.max(0, length))));
  return [start, end];
}

/** A source over bytes already in memory; reads are views, not copies. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      const [start, end] = clampRange(bytes.length, offset, length);
      return Promise.resolve(bytes.subarray(start, end));
    },
  };
}

/** A source over a Blob or File (browser upload, Outlook add-in): only the slices asked for are loaded. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length) {
      const [start, end] = clampRange(blob.size, offset, length);
      if (start === end) return new Uint8Array(0);
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}

/** A window [offset, offset + size) of another source, e.g. a stored entry inside a zip. */
export function sliceSource(parent: ByteSource, offset: number, size: number): ByteSource {
  const [start, end] = clampRange(parent.size, offset, size);
  const n = end - start;
  return {
    size: n,
    read(o, length) {
      const [s, e] = clampRange(n, o, length);
      return parent.read(start + s, e - s);
    },
  };
}

/**
 * Sequential reads through a source with a small window cache, so walking a central directory
 * or a chain of block headers costs one source read per window, not one per record.
 */
export class WindowReader {
  private start = 0;
  private buf: Uint8Array = new Uint8Array(0);

  /** `end`: where the records end, so a window never reads (or decodes) past them. */
  constructor(
    readonly source: ByteSource,
    private readonly window = 64 * 1024,
    private readonly end = Infinity,
  ) {}

  /** Bytes [offset, offset + length), fewer at the end of the source. */
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    if (offset >= this.start && offset + length <= this.start + this.buf.length) {
      return this.buf.subarray(offset - this.start, offset - this.start + length);
    }
    if (length > this.window) return this.source.read(offset, length);
    this.buf = await this.source.read(offset, Math.max(length, Math.min(this.window, this.end - offset)));
    this.start = offset;
    return this.buf.subarray(0, Math.min(length, this.buf.length));
  }
}
