// The attachment inspection engine's public surface: byte sources, inspectFile, the verdict.
export type { ByteSource } from './byte-source.ts';
export { blobSource, bytesSource, sliceSource } from './byte-source.ts';
export { base64Source, Base64Error } from './base64-source.ts';
export { inspectFile } from './inspect.ts';
export { fileVerdict, type FileVerdict, type FileVerdictResult } from './verdict.ts';
export { EXECUTABLE_EXTENSIONS, judgeName } from './executable-names.ts';
export { isWeakEncryption, weakestEncryption } from './encryption.ts';
export type {
  EncryptionKind,
  EntryReport,
  Encrypted,
  Executable,
  FileFormat,
  FileReport,
  InspectOptions,
} from './types.ts';
