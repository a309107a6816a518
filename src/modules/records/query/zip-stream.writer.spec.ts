import { readZipChecked } from '../../../../test/support/zip-reader.js';
import { dosDateTime, ZipStreamWriter } from './zip-stream.writer.js';

async function archive(entries: { name: string; data: Buffer }[]): Promise<{ zip: Buffer; chunks: number }> {
  const chunks: Buffer[] = [];
  const zip = new ZipStreamWriter(async (c) => {
    chunks.push(Buffer.from(c));
  });
  for (const e of entries) await zip.add(e.name, e.data, new Date('2026-03-20T09:30:10Z'));
  await zip.finish();
  return { zip: Buffer.concat(chunks), chunks: chunks.length };
}

describe('ZipStreamWriter', () => {
  it('writes entries that a checking reader reads back byte for byte (deflated where that helps, stored where not)', async () => {
    const xml = Buffer.from(`<Invoice>${'<Line>Artikel</Line>'.repeat(200)}</Invoice>`);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
    const { zip, chunks } = await archive([
      { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
      { name: '01_rechnung.xml', data: xml },
      { name: '02_Prüfbericht – März.bin', data: random },
      { name: '03_leer.txt', data: Buffer.alloc(0) },
    ]);
    expect(chunks).toBeGreaterThan(4);
    const entries = readZipChecked(zip);
    expect(entries.map((e) => e.name)).toEqual([
      'manifest.json',
      '01_rechnung.xml',
      '02_Prüfbericht – März.bin',
      '03_leer.txt',
    ]);
    expect(entries[1].data.equals(xml)).toBe(true);
    expect(entries[1].method).toBe(8);
    expect(entries[2].data.equals(random)).toBe(true);
    expect(entries[3].data.length).toBe(0);
    expect(entries.every((e) => (e.flags & 0x0800) !== 0)).toBe(true);
  });

  it('refuses unsafe and duplicate names, and entries after the end', async () => {
    const zip = new ZipStreamWriter(async () => undefined);
    await expect(zip.add('../etc/passwd', Buffer.from('x'), new Date())).rejects.toThrow(/safe/);
    await expect(zip.add('/abs', Buffer.from('x'), new Date())).rejects.toThrow(/safe/);
    await expect(zip.add('a\\b', Buffer.from('x'), new Date())).rejects.toThrow(/safe/);
    await zip.add('a.txt', Buffer.from('x'), new Date());
    await expect(zip.add('a.txt', Buffer.from('y'), new Date())).rejects.toThrow(/duplicate/);
    await zip.finish();
    await expect(zip.add('b.txt', Buffer.from('x'), new Date())).rejects.toThrow(/finished/);
  });

  it('stamps entries with the German wall-clock time', () => {
    // 09:30:10 UTC in March (CET) is 10:30:10 in Berlin; in July (CEST) 11:30:10.
    const winter = dosDateTime(new Date('2026-03-20T09:30:10Z'));
    expect(winter.time).toBe((10 << 11) | (30 << 5) | 5);
    expect(winter.date).toBe(((2026 - 1980) << 9) | (3 << 5) | 20);
    expect(dosDateTime(new Date('2026-07-01T09:30:10Z')).time).toBe((11 << 11) | (30 << 5) | 5);
  });
});
