import { decodeCursor, encodeCursor, FEED_START } from './feed-cursor.js';

describe('feed cursor', () => {
  it('round-trips a position, and one position has one spelling', () => {
    const p = { position: '9223372036854775807' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    expect(encodeCursor({ position: '42' })).toBe(encodeCursor({ position: '42' }));
    expect(decodeCursor(encodeCursor(FEED_START))).toEqual(FEED_START);
  });

  it('refuses anything that is not a cursor of ours', () => {
    for (const bad of [
      '',
      'abc',
      '!!!',
      Buffer.from('p1').toString('base64url'),
      Buffer.from('p2.1').toString('base64url'),
      Buffer.from('p1.01').toString('base64url'),
      Buffer.from('p1.-1').toString('base64url'),
      Buffer.from('p1.1.1').toString('base64url'),
      Buffer.from('p1.9223372036854775808').toString('base64url'),
      'x'.repeat(200),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});
