import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createValidator } from '../../../src/modules/validation/index.js';
import { toJsonReport } from '../../../src/modules/validation/report/json-report.js';
import { hostileCases } from '../../../src/modules/validation/testing/hostile-inputs.js';

// Every hostile input ends in exactly one stable error id, valid:false, no crash, and
// never with the content of a local file in the output.
const dir = mkdtempSync(join(tmpdir(), 'einvoice-hostile-'));
const secretFile = join(dir, 'secret.txt');
const SECRET = 'TOP-SECRET-7f3a9c';
writeFileSync(secretFile, SECRET);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile inputs', () => {
  for (const c of hostileCases(secretFile)) {
    it(`${c.name} → ${c.expectedId}`, async () => {
      const validator = createValidator({ ...c.options, skipSchema: true });
      const bytes = await c.bytes();
      const result = await validator.validate(bytes, { fileName: 'hostile' });
      expect(result.valid).toBe(false);
      expect(result.errors.map((e) => e.id)).toEqual([c.expectedId]);
      for (const lang of ['de', 'en'] as const) {
        expect(JSON.stringify(toJsonReport(result, lang))).not.toContain(SECRET);
      }
    }, 60_000);
  }

  it('reports line and column of a well-formedness error', async () => {
    const validator = createValidator({ skipSchema: true });
    const result = await validator.validate(new TextEncoder().encode('<a>\n<b>\n</a>'), {
      fileName: 'x.xml',
    });
    expect(result.errors[0].id).toBe('XML-NOT-WELL-FORMED');
    expect(result.errors[0].line).toBe(3);
  });
});
