import { byText } from './by-text.js';

describe('byText', () => {
  it('reads each text once and answers repeats, null and undefined results included', () => {
    const seen: string[] = [];
    const read = byText((s: string) => {
      seen.push(s);
      return s === 'x' ? null : s === 'u' ? undefined : s.length;
    });
    expect([read('abc'), read('x'), read('u'), read('abc'), read('x'), read('u')]).toEqual([
      3,
      null,
      undefined,
      3,
      null,
      undefined,
    ]);
    expect(seen).toEqual(['abc', 'x', 'u']);
  });

  it('starts afresh rather than growing without bound', () => {
    let reads = 0;
    const read = byText((s: string) => (reads++, s));
    for (let i = 0; i < 10_000; i++) read(String(i));
    reads = 0;
    read('0'); // long forgotten
    read('9999'); // recent
    expect(reads).toBe(1);
  });
});
