import { parseRetrySchedule, retryDelaySeconds, retryScheduleProblem } from './retry-schedule.js';

describe('webhook retry schedule', () => {
  it('parses seconds, decimals too, and refuses anything else', () => {
    expect(parseRetrySchedule('5, 300,1800')).toEqual([5, 300, 1800]);
    expect(parseRetrySchedule('0.2,0.5')).toEqual([0.2, 0.5]);
    expect(parseRetrySchedule('5,,6')).toBeUndefined();
    expect(parseRetrySchedule('0')).toBeUndefined();
    expect(parseRetrySchedule('-1')).toBeUndefined();
    expect(retryScheduleProblem('x')).toContain('comma-separated');
    expect(retryScheduleProblem('5')).toBeUndefined();
  });

  it('takes the n-th wait, repeats the last, and jitters by ±20 %', () => {
    const s = [5, 300, 36000];
    expect(retryDelaySeconds(s, 1, 0.5)).toBeCloseTo(5);
    expect(retryDelaySeconds(s, 2, 0.5)).toBeCloseTo(300);
    expect(retryDelaySeconds(s, 9, 0.5)).toBeCloseTo(36000);
    expect(retryDelaySeconds(s, 1, 0)).toBeCloseTo(4);
    expect(retryDelaySeconds(s, 1, 0.999999)).toBeCloseTo(6);
  });
});
