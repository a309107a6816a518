import { runChecks, type DoctorCheck } from './doctor.command.js';

describe('doctor checks', () => {
  it('runs every check in order and reports a throwing check as failed', async () => {
    const checks: DoctorCheck[] = [
      { name: 'good', run: async () => ({ ok: true, detail: 'fine' }) },
      {
        name: 'broken',
        run: async () => {
          throw new Error('no connection');
        },
      },
      { name: 'bad', run: async () => ({ ok: false, detail: 'missing', hint: 'install it' }) },
    ];
    const results = await runChecks(checks);
    expect(results.map((r) => [r.name, r.result.ok])).toEqual([
      ['good', true],
      ['broken', false],
      ['bad', false],
    ]);
    expect(results[1].result.detail).toContain('no connection');
  });
});
