import { describe, expect, it } from 'vitest';
import { sniffImageType } from './sniff.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniffImageType', () => {
  it('knows PNG, JPEG, GIF and WebP by their magic bytes', () => {
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImageType(enc('GIF89a...'))).toBe('image/gif');
    expect(sniffImageType(enc('GIF87a...'))).toBe('image/gif');
    expect(sniffImageType(enc('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  });
  it('refuses SVG, HTML, truncated signatures and other RIFF files', () => {
    expect(sniffImageType(enc('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImageType(enc('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffImageType(enc('<!doctype html><script>alert(1)</script>'))).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e))).toBeNull();
    expect(sniffImageType(enc('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
  });
});
