import { firstOpenDay, isDay, nextDay, recordsDay } from './records-day.js';

describe('records days (Europe/Berlin)', () => {
  it('takes the Berlin calendar day of an instant, across the UTC midnight and DST', () => {
    expect(recordsDay(new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-08'); // CET, UTC+1
    expect(recordsDay(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02'); // CEST, UTC+2
    expect(recordsDay(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
  });

  it('keeps a day open until 15 minutes after its midnight', () => {
    // 00:10 Berlin on 8 December: the 7th still waits for filings that are committing.
    expect(firstOpenDay(new Date('2026-12-07T23:10:00Z'))).toBe('2026-12-07');
    // 00:20 Berlin: the 7th is closed.
    expect(firstOpenDay(new Date('2026-12-07T23:20:00Z'))).toBe('2026-12-08');
  });

  it('accepts real calendar days only', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('08.12.2026')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
