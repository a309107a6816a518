import { deflateSync } from 'node:zlib';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { buildUblInvoice } from './invoice-factory.js';

/**
 * Hostile and broken inputs, generated at test time (nothing official is copied), each
 * with the stable finding id the engine must answer with. `secretFile` is a local file
 * whose content must never appear in any output.
 */
export interface HostileCase {
  readonly name: string;
  readonly expectedId: string;
  readonly bytes: () => Promise<Uint8Array> | Uint8Array;
  /** Validator options needed for the case (small limits keep the test cheap). */
  readonly options?: {
    limits?: { maxBytes?: number; maxDepth?: number; maxElements?: number };
    maxPdfAttachmentBytes?: number;
    maxPdfBytes?: number;
  };
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

function repeat(unit: string, times: number): string {
  return unit.repeat(times);
}

async function pdfWith(
  attachments: { name: string; data: Uint8Array; rel?: AFRelationship }[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  for (const a of attachments) {
    await doc.attach(a.data, a.name, {
      mimeType: 'text/xml',
      afRelationship: a.rel ?? AFRelationship.Alternative,
    });
  }
  return doc.save();
}

export function hostileCases(secretFile: string): HostileCase[] {
  const valid = buildUblInvoice({ lines: 2 });
  return [
    {
      name: 'XXE: external general entity reading a local file',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () =>
        enc(
          `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file://${secretFile}">]>\n<Invoice xmlns="${UBL}">&xxe;</Invoice>`,
        ),
    },
    {
      name: 'XXE: external parameter entity',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () =>
        enc(
          `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY % p SYSTEM "file://${secretFile}"> %p;]>\n<Invoice xmlns="${UBL}"/>`,
        ),
    },
    {
      name: 'external DTD over the network',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () =>
        enc(
          `<?xml version="1.0"?>\n<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/evil.dtd">\n<Invoice xmlns="${UBL}"/>`,
        ),
    },
    {
      name: 'billion laughs',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () => {
        let dtd = '<!ENTITY l0 "ha">';
        for (let i = 1; i <= 10; i++) dtd += `<!ENTITY l${i} "${repeat(`&l${i - 1};`, 10)}">`;
        return enc(`<?xml version="1.0"?><!DOCTYPE Invoice [${dtd}]><Invoice xmlns="${UBL}">&l10;</Invoice>`);
      },
    },
    {
      name: 'quadratic blow-up',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () =>
        enc(
          `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "${'x'.repeat(50_000)}">]><Invoice xmlns="${UBL}">${repeat('&a;', 50_000)}</Invoice>`,
        ),
    },
    {
      name: 'DOCTYPE after a comment, in lower case',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () => enc(`<?xml version="1.0"?><!-- hi --><!doctype Invoice []><Invoice xmlns="${UBL}"/>`),
    },
    {
      name: '200,000-deep nesting',
      expectedId: 'XML-TOO-DEEP',
      bytes: () =>
        enc(`<Invoice xmlns="${UBL}">${repeat('<a>', 200_000)}${repeat('</a>', 200_000)}</Invoice>`),
    },
    {
      name: 'too many elements (configured limit)',
      expectedId: 'XML-TOO-MANY-ELEMENTS',
      options: { limits: { maxElements: 1000 } },
      bytes: () => enc(`<Invoice xmlns="${UBL}">${repeat('<a/>', 1001)}</Invoice>`),
    },
    {
      name: 'too many elements (default limit, 2,000,001 empty elements)',
      expectedId: 'XML-TOO-MANY-ELEMENTS',
      bytes: () => enc(`<Invoice xmlns="${UBL}">${repeat('<a/>', 2_000_001)}</Invoice>`),
    },
    {
      name: '30 MB file',
      expectedId: 'DOCUMENT-TOO-LARGE',
      bytes: () => enc(`<Invoice xmlns="${UBL}"><x>${'A'.repeat(30 * 1024 * 1024)}</x></Invoice>`),
    },
    {
      name: '45 MB file',
      expectedId: 'DOCUMENT-TOO-LARGE',
      bytes: () => enc(`<Invoice xmlns="${UBL}"><x>${'A'.repeat(45 * 1024 * 1024)}</x></Invoice>`),
    },
    { name: 'empty file', expectedId: 'XML-EMPTY', bytes: () => new Uint8Array(0) },
    { name: 'only whitespace', expectedId: 'XML-EMPTY', bytes: () => enc(' \n\t\n') },
    {
      name: 'binary data',
      expectedId: 'NOT-XML',
      bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256),
    },
    {
      name: 'binary data starting with <',
      expectedId: 'NOT-XML',
      bytes: () => Uint8Array.from([0x3c, 0x00, 0x01, 0x02, 0xff, 0x3c, 0x00, 0x00, 0x10]),
    },
    {
      name: 'truncated invoice',
      expectedId: 'XML-NOT-WELL-FORMED',
      bytes: () => enc(valid.slice(0, Math.floor(valid.length / 2))),
    },
    {
      name: 'undeclared entity reference',
      expectedId: 'XML-NOT-WELL-FORMED',
      bytes: () => enc(`<Invoice xmlns="${UBL}">&nbsp;</Invoice>`),
    },
    {
      name: 'HTML page',
      expectedId: 'NOT-XML',
      bytes: () =>
        enc(
          '<!DOCTYPE html>\n<html><head><title>Login</title></head><body><p>Bitte anmelden</p></body></html>',
        ),
    },
    {
      name: 'XHTML page without DOCTYPE',
      expectedId: 'NOT-XML',
      bytes: () => enc('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'),
    },
    {
      name: 'wrong root element (a UBL Order)',
      expectedId: 'SYNTAX-UNKNOWN',
      bytes: () =>
        enc('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>'),
    },
    {
      name: 'Invoice root in no namespace',
      expectedId: 'SYNTAX-UNKNOWN',
      bytes: () => enc('<Invoice><ID>1</ID></Invoice>'),
    },
    {
      name: 'unsupported declared encoding',
      expectedId: 'XML-ENCODING',
      bytes: () => enc(`<?xml version="1.0" encoding="EBCDIC-XYZ"?><Invoice xmlns="${UBL}"/>`),
    },
    {
      name: 'invalid UTF-8 bytes',
      expectedId: 'XML-ENCODING',
      bytes: () => {
        const head = enc(`<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="${UBL}"><n>`);
        const tail = enc('</n></Invoice>');
        return Uint8Array.from([...head, 0xc3, 0x28, 0xff, ...tail]);
      },
    },
    {
      name: 'truncated PDF',
      expectedId: 'PDF-UNREADABLE',
      bytes: async () => (await pdfWith([{ name: 'factur-x.xml', data: enc(valid) }])).slice(0, 200),
    },
    {
      name: 'garbage after a PDF header',
      expectedId: 'PDF-UNREADABLE',
      bytes: () =>
        Uint8Array.from([...enc('%PDF-1.7\n'), ...Array.from({ length: 2000 }, (_, i) => (i * 97) % 256)]),
    },
    {
      name: 'PDF without an invoice',
      expectedId: 'PDF-NO-INVOICE',
      bytes: () => pdfWith([]),
    },
    {
      name: 'PDF with only a picture attached',
      expectedId: 'PDF-NO-INVOICE',
      bytes: () =>
        pdfWith([
          {
            name: 'photo.png',
            data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]),
            rel: AFRelationship.Supplement,
          },
        ]),
    },
    {
      name: 'PDF bomb: an embedded XML that inflates beyond the limit',
      expectedId: 'DOCUMENT-TOO-LARGE',
      options: { maxPdfAttachmentBytes: 1024 * 1024 },
      bytes: () => pdfWith([{ name: 'factur-x.xml', data: enc(`<a>${' '.repeat(4 * 1024 * 1024)}</a>`) }]),
    },
    {
      name: 'PDF bomb: an object stream that inflates to 300 MB',
      expectedId: 'DOCUMENT-TOO-LARGE',
      options: { maxPdfBytes: 20 * 1024 * 1024 },
      bytes: () => {
        const bomb = deflateSync(Buffer.alloc(300 * 1024 * 1024));
        const head = Buffer.from(
          `%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`,
          'latin1',
        );
        const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
        return new Uint8Array(Buffer.concat([head, bomb, tail]));
      },
    },
    {
      name: 'PDF whose embedded XML has a DOCTYPE',
      expectedId: 'XML-DTD-FORBIDDEN',
      bytes: () =>
        pdfWith([
          {
            name: 'factur-x.xml',
            data: enc(`<!DOCTYPE x [<!ENTITY e SYSTEM "file://${secretFile}">]><x>&e;</x>`),
          },
        ]),
    },
  ];
}

export { pdfWith };
