import { deflateRawSync } from 'node:zlib';
import { readZip } from './zip-reader.js';

function entry(name: string, data: Buffer, method: 0 | 8) {
  return { name: Buffer.from(name), data, comp: method === 8 ? deflateRawSync(data) : data, method };
}

function zip(entries: ReturnType<typeof entry>[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.comp.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(e.name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.comp.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, e.name, e.comp);
    central.push(c, e.name);
    offset += 30 + e.name.length + e.comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

describe('readZip', () => {
  it('reads stored and deflated entries', () => {
    const z = zip([
      entry('a/stored.txt', Buffer.from('hello'), 0),
      entry('b/deflated.xsd', Buffer.from('x'.repeat(5000)), 8),
    ]);
    const entries = readZip(z);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['a/stored.txt', 5],
      ['b/deflated.xsd', 5000],
    ]);
    expect(entries[0].read().toString()).toBe('hello');
    expect(entries[1].read().toString()).toBe('x'.repeat(5000));
  });

  it('refuses entries over the size bound (zip bomb)', () => {
    const z = zip([entry('bomb.xml', Buffer.alloc(2_000_000), 8)]);
    expect(() => readZip(z, 1_000_000)[0].read()).toThrow(/too large/);
  });

  it('rejects data that is not a ZIP', () => {
    expect(() => readZip(Buffer.from('definitely not a zip archive'))).toThrow(/not a ZIP/);
  });
});
