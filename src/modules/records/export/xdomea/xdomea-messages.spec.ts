import { readZip } from '../../../validation/xsd/zip-reader.js';
import { checkXdomea, readImportBestaetigung } from './xdomea-answer.js';
import {
  buildImportBestaetigung,
  buildSgoAblegen,
  containerFileName,
  dateiformatOf,
  type XdomeaKopf,
  type XdomeaVorgang,
} from './xdomea-messages.js';
import { xdomeaSchemasForTests } from './xdomea-support.js';
import { zipToBuffer } from '../../query/zip-stream.writer.js';

const schemas = xdomeaSchemasForTests();
const withSchemas: jest.Describe = schemas
  ? describe
  : (((name: string, fn: () => void) =>
      describe.skip(
        `${name} [SKIPPED: ../shared/schemas with xdomea not found]`,
        fn,
      )) as unknown as jest.Describe);
afterAll(() => schemas?.cleanup());

const kopf: XdomeaKopf = {
  prozessId: '3f2b8c1e-5a4d-4e6f-9a0b-1c2d3e4f5a6b',
  createdAt: new Date('2026-03-02T10:15:30.123Z'),
  absender: 'Stadt Musterstadt, Kämmerei',
  empfaenger: 'Stadt Musterstadt, Registratur',
  sendendesSystem: { produktname: 'einvoice-intake', version: '1.0.0' },
  empfangendesSystem: { produktname: 'VIS-Suite' },
  erstellerkennung: 'einvoice-intake',
};

const vorgang: XdomeaVorgang = {
  id: '0e6c5a8b-1d2f-4a3b-8c9d-0e1f2a3b4c5d',
  fachverfahrenObjektId: '0e6c5a8b-1d2f-4a3b-8c9d-0e1f2a3b4c5d',
  betreff: 'Rechnung RE-2026-17 der Müller & Söhne GmbH <Büromaterial>',
  aktenzeichen: '902.31-2026/001-00017',
  dokumente: [
    {
      id: 'a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      fileId: 'b1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      betreff: 'Rechnung (XRechnung)',
      name: 'rechnung.xml',
      mediaType: 'application/xml',
      formatVersion: '1.0',
      filedAt: new Date('2026-03-02T10:00:00Z'),
    },
    {
      id: 'c1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      fileId: 'd1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      betreff: 'Laufzettel',
      name: 'laufzettel/2026.pdf',
      mediaType: 'application/pdf',
      formatVersion: '1.7',
      filedAt: new Date('2026-03-02T10:00:01Z'),
    },
    {
      id: 'e1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      fileId: 'f1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      betreff: 'Prüfbericht',
      name: 'report.json',
      mediaType: 'application/json',
      formatVersion: '',
      filedAt: new Date('2026-03-02T10:00:02Z'),
    },
  ],
};

describe('xdomea 0605 builder', () => {
  const xml = buildSgoAblegen(kopf, vorgang);

  it('writes the Kopf, the Vorgang with Aktenzeichen and every Dokument in order', () => {
    expect(xml).toContain('<xdomea:FVDaten.SGOAblegen.0605 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">');
    expect(xml).toContain(`<xdomea:ProzessID>${kopf.prozessId}</xdomea:ProzessID>`);
    expect(xml).toContain('<code>0605</code>');
    expect(xml).toContain('<xdomea:Erstellungszeitpunkt>2026-03-02T10:15:30Z</xdomea:Erstellungszeitpunkt>');
    expect(xml).toContain('<xdomea:Importbestaetigung>1</xdomea:Importbestaetigung>');
    expect(xml).toContain('<xdomea:Kennzeichen>902.31-2026/001-00017</xdomea:Kennzeichen>');
    expect(xml).toContain('Müller &amp; Söhne GmbH &lt;Büromaterial&gt;');
    const names = [...xml.matchAll(/<xdomea:Dateiname>([^<]*)<\/xdomea:Dateiname>/g)].map((m) => m[1]);
    expect(names).toEqual([
      'b1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d_rechnung.xml',
      'd1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d_laufzettel_2026.pdf',
      'f1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d_report.json',
    ]);
    const codes = [...xml.matchAll(/dateiformat" listVersionID="1.0"><code>(\d+)<\/code>/g)].map((m) => m[1]);
    expect(codes).toEqual(['030', '018', '100']);
    expect(xml).toContain('<xdomea:SonstigerName>application/json</xdomea:SonstigerName>');
  });

  it('maps media types to Dateiformat codes and makes file names safe', () => {
    expect(dateiformatOf('application/pdf')).toBe('018');
    expect(dateiformatOf('text/xml; charset=utf-8')).toBe('030');
    expect(dateiformatOf('application/vnd.x+xml')).toBe('030');
    expect(dateiformatOf('application/octet-stream')).toBe('100');
    expect(containerFileName({ fileId: 'x', name: '../../etc/passwd' })).toBe('x___.._etc_passwd');
    expect(containerFileName({ fileId: 'x', name: '' })).toBe('x_dokument');
  });
});

withSchemas('xdomea messages against the official xdomea 3.0.0 XSD', () => {
  it('the 0605 is valid', () => {
    expect(checkXdomea(Buffer.from(buildSgoAblegen(kopf, vorgang)), schemas!.store)).toEqual([]);
  });

  it('a 0605 without Dokumente is valid too', () => {
    const xml = buildSgoAblegen(kopf, { ...vorgang, dokumente: [] });
    expect(checkXdomea(Buffer.from(xml), schemas!.store)).toEqual([]);
  });

  it('a broken message is not (the check can fail)', () => {
    const xml = buildSgoAblegen(kopf, vorgang).replace('<code>0605</code>', '<code>0699</code>');
    expect(checkXdomea(Buffer.from(xml), schemas!.store)!.length).toBeGreaterThan(0);
  });

  it('0630 success and failure are valid and read back', () => {
    const answerKopf = { ...kopf, absender: kopf.empfaenger, empfaenger: kopf.absender };
    const ok = buildImportBestaetigung({
      kopf: answerKopf,
      fvSessionId: 's-1',
      rueckmeldungen: [{ allgemein: '0000000' }],
      idSgo: '99999999-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
    });
    const bad = buildImportBestaetigung({
      kopf: answerKopf,
      fvSessionId: 's-1',
      rueckmeldungen: [{ allgemein: '0000018' }, { sonstigeFehlermeldung: 'Aktenzeichen unbekannt' }],
    });
    expect(checkXdomea(Buffer.from(ok), schemas!.store)).toEqual([]);
    expect(checkXdomea(Buffer.from(bad), schemas!.store)).toEqual([]);
    expect(readImportBestaetigung(Buffer.from(ok), schemas!.store)).toEqual({
      ok: true,
      answer: {
        prozessId: kopf.prozessId,
        success: true,
        rueckmeldungen: ['0000000'],
        idSgo: '99999999-e5f6-4a1b-8c2d-3e4f5a6b7c8d',
      },
    });
    expect(readImportBestaetigung(Buffer.from(bad), schemas!.store)).toEqual({
      ok: true,
      answer: {
        prozessId: kopf.prozessId,
        success: false,
        rueckmeldungen: ['0000018', 'Aktenzeichen unbekannt'],
        idSgo: null,
      },
    });
  });

  it('refuses what is not a 0630', () => {
    const r1 = readImportBestaetigung(Buffer.from(buildSgoAblegen(kopf, vorgang)), schemas!.store);
    expect(r1).toEqual({ ok: false, reason: 'not a FVDaten.ImportBestaetigen.0630 message' });
    const r2 = readImportBestaetigung(Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'));
    expect(r2.ok).toBe(false);
  });
});

describe('zip writer', () => {
  it('writes entries a ZIP reader reads back byte for byte', async () => {
    const a = Buffer.from('<a/>');
    const b = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const zip = await zipToBuffer(
      [
        { name: 'x_FVDaten.SGOAblegen.0605.xml', content: a },
        { name: 'ü_datei.pdf', content: b },
      ],
      new Date('2026-01-01T00:00:00Z'),
      { store: true },
    );
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['x_FVDaten.SGOAblegen.0605.xml', 'ü_datei.pdf']);
    expect(entries[0].read().equals(a)).toBe(true);
    expect(entries[1].read().equals(b)).toBe(true);
    // Stored as the xdomea containers are: each file's bytes stand in the archive as they are.
    expect(zip.includes(b)).toBe(true);
  });
});
