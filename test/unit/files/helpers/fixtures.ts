// Reads the fixtures made by scripts/make-file-fixtures.sh and inspects byte arrays in one call.
import { readdirSync, readFileSync } from 'node:fs';
import { bytesSource } from '../../../../shared/files/byte-source.ts';
import { inspectFile } from '../../../../shared/files/inspect.ts';
import type { FileReport, InspectOptions } from '../../../../shared/files/types.ts';

export const FIXTURES = new URL('../../../fixtures/files/', import.meta.url).pathname;

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).sort();
}

export function inspectBytes(b: Uint8Array, name: string, options?: InspectOptions): Promise<FileReport> {
  return inspectFile(bytesSource(b), name, options);
}

export function inspectFixture(name: string, displayName = name, options?: InspectOptions): Promise<FileReport> {
  return inspectBytes(fixture(name), displayName, options);
}
