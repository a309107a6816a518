import { FixedWindowCounter } from './rate-limit.js';

describe('FixedWindowCounter', () => {
  it('allows the limit per window and key, then asks to wait until the window ends', () => {
    const c = new FixedWindowCounter(2, 60_000);
    expect(c.hit('a', 0)).toBe(0);
    expect(c.hit('a', 1_000)).toBe(0);
    expect(c.hit('a', 30_000)).toBe(30);
    expect(c.hit('b', 30_000)).toBe(0);
    expect(c.hit('a', 60_000)).toBe(0);
  });
});
