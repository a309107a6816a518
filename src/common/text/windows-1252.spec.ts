import { decodeWindows1252, encodeWindows1252 } from './windows-1252.js';

describe('Windows-1252', () => {
  it('round-trips every character the code page holds', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i).filter(
      (b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b),
    );
    expect([...encodeWindows1252(decodeWindows1252(bytes))]).toEqual([...bytes]);
  });

  it('reads the unassigned bytes as their own code points but never writes those code points', () => {
    expect(decodeWindows1252(Uint8Array.of(0x81, 0x9d))).toBe('\u0081\u009d');
    expect([...encodeWindows1252('\u0081\u009d𝄞')]).toEqual([0x3f, 0x3f, 0x3f]);
  });
});
