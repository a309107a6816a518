import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUblInvoice } from '../testing/invoice-factory.js';
import { runBatch } from './batch-runner.js';

describe('runBatch', () => {
  it('delivers every result once, in input order, with progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-batch-'));
    try {
      const files: string[] = [];
      for (let i = 0; i < 12; i++) {
        const f = join(dir, `f${i}.xml`);
        writeFileSync(f, i % 3 === 0 ? '<broken' : buildUblInvoice({ number: `N-${i}` }));
        files.push(f);
      }
      files.push(join(dir, 'missing.xml'));
      const seen: [number, string, boolean][] = [];
      const progress: number[] = [];
      await runBatch(files, {
        validator: { skipSchema: true },
        workers: 0,
        onResult: (r, i) => {
          seen.push([i, r.file, r.valid]);
        },
        onProgress: (done) => progress.push(done),
      });
      expect(seen.map(([i]) => i)).toEqual(files.map((_, i) => i));
      expect(seen.map(([, f]) => f)).toEqual(files);
      expect(seen.map(([, , v]) => v)).toEqual(
        files.map((f, i) => !f.endsWith('missing.xml') && i % 3 !== 0),
      );
      expect(progress[progress.length - 1]).toBe(files.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
