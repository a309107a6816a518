import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createValidator, type ValidationResult } from '../../../src/modules/validation/index.js';
import { extractInvoiceFromPdf } from '../../../src/modules/validation/pdf/pdf-extract.js';
import { CORPUS, describeWithShared, installSchemasToTemp } from './shared-corpus.js';

/**
 * ZUGFeRD / Factur-X samples: which XML we take out of each PDF, its profile, and the
 * verdict (engine share: rule layers off, so the verdict comes from container, scenario
 * and schema only — the rule writers' share is scored separately).
 */
interface PdfExpected {
  pdf: string;
  xmpConformanceLevel: string | null;
  pdfReadable: boolean;
  embeddedFiles: string[];
  xmlFilename: string | null;
  xml: string | null;
  profile: string | null;
  verdict: string;
  oracle: { valid: boolean; scenario: string | null } | null;
}

const LIMITS = { maxPdfBytes: 50 * 1024 * 1024, maxAttachmentBytes: 20 * 1024 * 1024 };

describeWithShared('ZUGFeRD / Factur-X PDFs', () => {
  const expected: PdfExpected[] = HAS()
    ? readFileSync(join(CORPUS, 'zugferd', 'expected.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as PdfExpected)
    : [];
  let results = new Map<string, ValidationResult>();
  let cleanup = (): void => {};

  beforeAll(async () => {
    const schemas = installSchemasToTemp();
    cleanup = schemas.cleanup;
    const v = createValidator({ schemaDir: schemas.dir, layers: { cen: [], xrechnung: [] } });
    results = new Map();
    for (const e of expected)
      results.set(e.pdf, await v.validate(readFileSync(join(CORPUS, e.pdf)), { fileName: e.pdf }));
  }, 120_000);
  afterAll(() => cleanup());

  it('has the 31 samples', () => expect(expected.length).toBe(31));

  it('takes the same invoice XML out of every PDF as pdfdetach did (byte for byte)', async () => {
    for (const e of expected.filter((x) => x.xml)) {
      const r = await extractInvoiceFromPdf(readFileSync(join(CORPUS, e.pdf)), LIMITS);
      expect({ pdf: e.pdf, ok: r.ok, name: r.info.xmlFilename }).toEqual({
        pdf: e.pdf,
        ok: true,
        name: e.xmlFilename,
      });
      if (r.ok) expect(Buffer.from(r.xml).equals(readFileSync(join(CORPUS, e.xml!)))).toBe(true);
      expect(new Set(r.info.embeddedFiles)).toEqual(new Set(e.embeddedFiles));
    }
  });

  it('reads the conformance level claimed in the XMP metadata', () => {
    for (const e of expected.filter((x) => x.pdfReadable && x.xml)) {
      expect({ pdf: e.pdf, xmp: results.get(e.pdf)!.pdf?.xmpConformanceLevel }).toEqual({
        pdf: e.pdf,
        xmp: e.xmpConformanceLevel,
      });
    }
  });

  it('reads the profile from the guideline id', () => {
    for (const e of expected.filter((x) => x.xml)) {
      expect({ pdf: e.pdf, profile: results.get(e.pdf)!.pdf?.profile }).toEqual({
        pdf: e.pdf,
        profile: e.profile,
      });
    }
  });

  it('says PDF-UNREADABLE for a truncated PDF', () => {
    for (const e of expected.filter((x) => !x.pdfReadable)) {
      expect(results.get(e.pdf)!.errors.map((f) => f.id)).toEqual(['PDF-UNREADABLE']);
    }
  });

  it('says PDF-NO-INVOICE for a plain PDF', () => {
    const plain = expected.find((x) => x.pdf.endsWith('mustang_plain_pdf_no_xml.pdf'))!;
    expect(results.get(plain.pdf)!.errors.map((f) => f.id)).toEqual(['PDF-NO-INVOICE']);
  });

  it('gives the KoSIT verdict and scenario of the embedded XML, marked as container pdf', () => {
    for (const e of expected) {
      const r = results.get(e.pdf)!;
      expect(r.container).toBe('pdf');
      if (e.oracle) {
        expect({ pdf: e.pdf, valid: r.valid, scenario: r.scenario }).toEqual({
          pdf: e.pdf,
          valid: e.oracle.valid,
          scenario: e.oracle.scenario,
        });
      } else {
        expect({ pdf: e.pdf, valid: r.valid }).toEqual({ pdf: e.pdf, valid: false });
      }
    }
  });

  it('says plainly when the profile is not an EN 16931 invoice', () => {
    for (const e of expected.filter((x) => x.profile === 'MINIMUM' || x.profile === 'BASIC WL')) {
      expect(results.get(e.pdf)!.warnings.map((f) => f.id)).toContain('PDF-NOT-EN16931');
    }
  });
});

function HAS(): boolean {
  try {
    readFileSync(join(CORPUS, 'zugferd', 'expected.jsonl'));
    return true;
  } catch {
    return false;
  }
}
