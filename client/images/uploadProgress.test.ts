import { describe, expect, it } from 'vitest';
import { QUIET_BYTES, uploadProgress } from './uploadProgress.ts';

describe('upload progress in the toast', () => {
  it('says the share sent of a large file, not too often, 100 % always; a small file says nothing', () => {
    const said: string[] = [];
    let now = 0;
    const p = uploadProgress((m) => said.push(m), 4e6, 1, 3, () => now);
    p.onProgress(0, 4e6);
    now += 10;
    p.onProgress(1e6, 4e6); // too soon after the last
    now += 200;
    p.onProgress(1e6, 4e6);
    p.onProgress(1e6, 4e6); // same percent
    now += 10;
    p.onProgress(4e6, 4e6); // the end, however soon
    expect(said).toEqual(['Uploading image 2 of 3… 0 %', 'Uploading image 2 of 3… 25 %', 'Uploading image 2 of 3… 100 %']);
    expect(p.shown()).toBe(true);

    const quiet: string[] = [];
    const q = uploadProgress((m) => quiet.push(m), QUIET_BYTES - 1, 0, 1, () => 0);
    q.onProgress(100, QUIET_BYTES - 1);
    expect(quiet).toEqual([]);
    expect(q.shown()).toBe(false);
  });
});
