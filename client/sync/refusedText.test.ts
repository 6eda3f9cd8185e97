import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/closeCodes.ts';
import { formatBytes, refusedText, tooLargeText } from './refusedText.ts';

describe('the words for a refused change (refusedText.ts)', () => {
  it('formats byte counts as people read them', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2 MB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB');
    expect(formatBytes(10.4 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });

  it('says the board is full with its limit, or the relay’s reason for the other refusals', () => {
    expect(refusedText(CloseCode.DocTooLarge, 'the board would pass its size limit of 67108864 bytes', 64 * 1024 * 1024)).toBe(
      'This change is too large for the board (limit 64 MB). It was kept on this device.',
    );
    expect(tooLargeText(null)).toBe('This change is too large for the board.');
    // nothing of it could be kept (it made no shapes): no promise that it was
    expect(refusedText(CloseCode.DocTooLarge, '', 2 * 1024 * 1024, false)).toBe('This change is too large for the board (limit 2 MB).');
    expect(refusedText(CloseCode.LimitExceeded, 'more than 1024 clients in one update', null)).toBe(
      'The relay could not accept this change: more than 1024 clients in one update (4409). It was kept on this device.',
    );
    expect(refusedText(CloseCode.InvalidUpdate, '', null)).toBe('The relay could not accept this change: invalid Yjs update (4401). It was kept on this device.');
  });
});
