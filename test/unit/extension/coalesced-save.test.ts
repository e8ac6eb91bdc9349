import { describe, expect, it } from 'vitest';
import { coalescedSave } from '../../../entrypoints/background/coalesced-save.ts';

describe('coalescedSave', () => {
  it('writes at once, and a change during a write once more after it, with the latest state', async () => {
    let state = 0;
    const written: number[] = [];
    let release: () => void = () => undefined;
    const save = coalescedSave(async () => {
      written.push(state);
      await new Promise<void>((r) => (release = r));
    });
    state = 1;
    save();
    expect(written).toEqual([1]); // no debounce: the first write starts in the same turn
    state = 2;
    save();
    state = 3;
    save(); // two changes during one write: one more write, of the latest
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(written).toEqual([1, 3]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(written).toEqual([1, 3]);
  });

  it('a failed write does not stop the next one', async () => {
    let calls = 0;
    const save = coalescedSave(async () => {
      calls++;
      throw new Error('quota');
    });
    save();
    await new Promise((r) => setTimeout(r, 0));
    save();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
  });
});
