import { inflateSync } from 'node:zlib';
import type { PDFDict, PDFDocument, PDFObject } from 'pdf-lib';

// pdf-lib is large (its import costs more than everything else at start-up); it is loaded
// only when the first PDF arrives, so XML-only runs never pay for it.
type PdfLib = typeof import('pdf-lib');
let pdfLib: PdfLib | null = null;
async function loadPdfLib(): Promise<PdfLib> {
  pdfLib ??= await import('pdf-lib');
  return pdfLib;
}
import { engineFinding, type Finding } from '../findings.js';
import type { PdfInfo } from '../result.js';

/**
 * ZUGFeRD / Factur-X: finds the invoice XML embedded in a PDF. We walk the catalog's
 * EmbeddedFiles name tree and its /AF (associated files) array ourselves, because
 * pdf-lib only writes attachments; every walk is bounded (visited set, node budget) and
 * every decompression has an output limit, so a PDF bomb ends as PDF-UNREADABLE.
 */
export function isPdf(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i + 4 < n; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    ) {
      return true;
    }
  }
  return false;
}

export type PdfExtraction =
  { ok: true; xml: Uint8Array; info: PdfInfo } | { ok: false; finding: Finding; info: PdfInfo };

interface Attachment {
  name: string;
  relationship: string | null;
  spec: PDFDict;
}

/** Preferred names, best first (case-insensitive). */
const INVOICE_NAMES = ['factur-x.xml', 'xrechnung.xml', 'zugferd-invoice.xml'];
const MAX_TREE_NODES = 10_000;

export async function extractInvoiceFromPdf(
  bytes: Uint8Array,
  limits: { maxPdfBytes: number; maxAttachmentBytes: number },
): Promise<PdfExtraction> {
  let conformanceLevel: string | null = null;
  const info = (embeddedFiles: string[] = [], xmlFilename: string | null = null): PdfInfo => ({
    embeddedFiles,
    xmlFilename,
    profile: null,
    en16931: null,
    xmpConformanceLevel: conformanceLevel,
  });
  if (bytes.length > limits.maxPdfBytes) {
    return { ok: false, finding: engineFinding('DOCUMENT-TOO-LARGE'), info: info() };
  }
  if (!objectStreamsWithin(bytes, limits.maxPdfBytes * 4)) {
    return {
      ok: false,
      finding: engineFinding('DOCUMENT-TOO-LARGE', {
        detail: { de: '(PDF-Objektströme entpacken zu groß)', en: '(PDF object streams inflate too far)' },
      }),
      info: info(),
    };
  }
  const lib = await loadPdfLib();
  let doc: PDFDocument;
  // pdf-lib reports damaged objects with console.warn; our answer is the finding, and the
  // CLI's output streams stay clean.
  const warn = console.warn;
  console.warn = () => {};
  try {
    doc = await lib.PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch (err) {
    return { ok: false, finding: unreadable(err), info: info() };
  } finally {
    console.warn = warn;
  }
  let attachments: Attachment[];
  try {
    attachments = listAttachments(lib, doc);
    conformanceLevel = xmpConformanceLevel(readXmp(lib, doc));
  } catch (err) {
    return { ok: false, finding: unreadable(err), info: info() };
  }
  const names = attachments.map((a) => a.name);
  const chosen = chooseInvoice(attachments);
  if (!chosen) return { ok: false, finding: engineFinding('PDF-NO-INVOICE'), info: info(names) };
  let xml: Uint8Array | null;
  try {
    xml = readEmbeddedFile(lib, doc, chosen.spec, limits.maxAttachmentBytes);
  } catch (err) {
    if (err instanceof TooLarge) {
      return { ok: false, finding: engineFinding('DOCUMENT-TOO-LARGE'), info: info(names, chosen.name) };
    }
    return { ok: false, finding: unreadable(err), info: info(names, chosen.name) };
  }
  if (!xml) return { ok: false, finding: engineFinding('PDF-NO-INVOICE'), info: info(names, chosen.name) };
  return { ok: true, xml, info: info(names, chosen.name) };
}

class TooLarge extends Error {}

/**
 * pdf-lib inflates object streams (and cross-reference streams) while loading, without
 * any bound, so a compressed bomb there would exhaust memory before we see a single
 * attachment. They are inflated here first, with a total output budget.
 */
export function objectStreamsWithin(bytes: Uint8Array, budget: number): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const typeRe = /\/Type\s*\/(ObjStm|XRef)\b/g;
  let used = 0;
  for (let m = typeRe.exec(text); m; m = typeRe.exec(text)) {
    const dictEnd = text.indexOf('stream', m.index);
    if (dictEnd < 0) break;
    const dict = text.slice(Math.max(0, text.lastIndexOf('obj', m.index)), dictEnd);
    if (!/FlateDecode/.test(dict)) continue;
    let start = dictEnd + 'stream'.length;
    if (text.charCodeAt(start) === 0x0d) start++;
    if (text.charCodeAt(start) === 0x0a) start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      used += inflateSync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, budget - used) }).length;
    } catch (err) {
      if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return false;
      // damaged data: pdf-lib decides what to make of it
    }
    if (used >= budget) return false;
    typeRe.lastIndex = end;
  }
  return true;
}

function unreadable(err: unknown): Finding {
  const msg = err instanceof Error ? err.message : String(err);
  return engineFinding('PDF-UNREADABLE', { detail: `(${msg.replace(/\s+/g, ' ').slice(0, 160)})` });
}

function listAttachments(lib: PdfLib, doc: PDFDocument): Attachment[] {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString } = lib;
  const resolve = (o: PDFObject | undefined): PDFObject | undefined =>
    o instanceof PDFRef ? doc.context.lookup(o) : o;
  const textOf = (o: PDFObject | undefined): string | null =>
    o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;
  const out: Attachment[] = [];
  const seen = new Set<PDFObject>();
  const add = (specObj: PDFObject | undefined): void => {
    const spec = resolve(specObj);
    if (!(spec instanceof PDFDict) || seen.has(spec)) return;
    seen.add(spec);
    const name = textOf(resolve(spec.get(PDFName.of('UF')))) ?? textOf(resolve(spec.get(PDFName.of('F'))));
    const rel = resolve(spec.get(PDFName.of('AFRelationship')));
    out.push({ name: name ?? '', relationship: rel instanceof PDFName ? rel.decodeText() : null, spec });
  };
  const catalog = doc.catalog;
  // EmbeddedFiles name tree: /Names [key spec key spec ...] in leaves, /Kids in nodes.
  const names = resolve(catalog.get(PDFName.of('Names')));
  if (names instanceof PDFDict) {
    const root = resolve(names.get(PDFName.of('EmbeddedFiles')));
    const stack: PDFObject[] = root ? [root] : [];
    const visited = new Set<PDFObject>();
    let budget = MAX_TREE_NODES;
    while (stack.length > 0 && budget-- > 0) {
      const node = resolve(stack.pop());
      if (!(node instanceof PDFDict) || visited.has(node)) continue;
      visited.add(node);
      const leaf = resolve(node.get(PDFName.of('Names')));
      if (leaf instanceof PDFArray) for (let i = 1; i < leaf.size(); i += 2) add(leaf.get(i));
      const kids = resolve(node.get(PDFName.of('Kids')));
      if (kids instanceof PDFArray) for (let i = kids.size() - 1; i >= 0; i--) stack.push(kids.get(i));
    }
  }
  // PDF/A-3 associated files of the document.
  const af = resolve(catalog.get(PDFName.of('AF')));
  if (af instanceof PDFArray) for (let i = 0; i < af.size() && i < MAX_TREE_NODES; i++) add(af.get(i));
  return out;
}

function chooseInvoice(attachments: Attachment[]): Attachment | null {
  for (const preferred of INVOICE_NAMES) {
    const hit = attachments.find((a) => a.name.toLowerCase() === preferred);
    if (hit) return hit;
  }
  const xml = attachments.filter((a) => a.name.toLowerCase().endsWith('.xml'));
  return (
    xml.find(
      (a) => a.relationship === 'Alternative' || a.relationship === 'Data' || a.relationship === 'Source',
    ) ??
    xml[0] ??
    null
  );
}

function readEmbeddedFile(lib: PdfLib, doc: PDFDocument, spec: PDFDict, max: number): Uint8Array | null {
  const { PDFDict, PDFName, PDFRef } = lib;
  const resolve = (o: PDFObject | undefined): PDFObject | undefined =>
    o instanceof PDFRef ? doc.context.lookup(o) : o;
  const ef = resolve(spec.get(PDFName.of('EF')));
  if (!(ef instanceof PDFDict)) return null;
  return readStream(lib, doc, resolve(ef.get(PDFName.of('UF')) ?? ef.get(PDFName.of('F'))), max);
}

/** The XMP metadata of the document (bounded), or null. */
function readXmp(lib: PdfLib, doc: PDFDocument): string | null {
  const { PDFName, PDFRef } = lib;
  try {
    const meta = doc.catalog.get(PDFName.of('Metadata'));
    const stream = meta instanceof PDFRef ? doc.context.lookup(meta) : meta;
    const data = readStream(lib, doc, stream, 4 * 1024 * 1024);
    return data ? Buffer.from(data).toString('utf8') : null;
  } catch {
    return null;
  }
}

/** fx:ConformanceLevel (Factur-X / ZUGFeRD 2) or zf:ConformanceLevel (ZUGFeRD 1), element or attribute form. */
export function xmpConformanceLevel(xmp: string | null): string | null {
  if (!xmp) return null;
  const m =
    /:ConformanceLevel\s*>\s*([^<]*?)\s*</.exec(xmp) ?? /:ConformanceLevel\s*=\s*["']([^"']*)["']/.exec(xmp);
  return m ? m[1] : null;
}

/** Decodes a stream with a bound on the output (FlateDecode by zlib with a limit). */
function readStream(
  lib: PdfLib,
  doc: PDFDocument,
  stream: PDFObject | undefined,
  max: number,
): Uint8Array | null {
  const { PDFArray, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } = lib;
  const resolve = (o: PDFObject | undefined): PDFObject | undefined =>
    o instanceof PDFRef ? doc.context.lookup(o) : o;
  if (!(stream instanceof PDFRawStream)) return null;
  const filterObj = resolve(stream.dict.get(PDFName.of('Filter')));
  const filters: string[] = [];
  if (filterObj instanceof PDFName) filters.push(filterObj.decodeText());
  else if (filterObj instanceof PDFArray) {
    for (let i = 0; i < filterObj.size(); i++) {
      const f = resolve(filterObj.get(i));
      if (f instanceof PDFName) filters.push(f.decodeText());
    }
  }
  let data: Uint8Array = stream.contents;
  if (filters.length === 0) {
    if (data.length > max) throw new TooLarge();
    return data;
  }
  if (filters.every((f) => f === 'FlateDecode')) {
    for (let i = 0; i < filters.length; i++) {
      try {
        data = inflateSync(data, { maxOutputLength: max + 1 });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw new TooLarge();
        throw err;
      }
      if (data.length > max) throw new TooLarge();
    }
    return data;
  }
  // Rare filters (ASCIIHex, ASCII85, LZW): pdf-lib decodes them; the input size bounds them loosely.
  const decoded = decodePDFRawStream(stream).decode();
  if (decoded.length > max) throw new TooLarge();
  return decoded;
}

/** Factur-X / ZUGFeRD profile from the guideline id (BT-24). */
export function profileOf(guidelineId: string | null): { profile: string | null; en16931: boolean | null } {
  if (guidelineId === null) return { profile: null, en16931: null };
  const id = guidelineId.trim();
  if (id === 'urn:factur-x.eu:1p0:minimum') return { profile: 'MINIMUM', en16931: false };
  if (id === 'urn:factur-x.eu:1p0:basicwl') return { profile: 'BASIC WL', en16931: false };
  if (id === 'urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic')
    return { profile: 'BASIC', en16931: true };
  if (id === 'urn:cen.eu:en16931:2017') return { profile: 'EN16931', en16931: true };
  if (/^urn:cen\.eu:en16931:2017#conformant#urn:(factur-x\.eu:1p0|zugferd\.de:2p0):extended$/.test(id)) {
    return { profile: 'EXTENDED', en16931: true };
  }
  if (id === 'urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:extended')
    return { profile: 'EXTENDED', en16931: true };
  if (
    /^urn:cen\.eu:en16931:2017#compliant#urn:(xeinkauf\.de|xoev-de):kosit:(standard:)?xrechnung_/.test(id)
  ) {
    return { profile: 'XRECHNUNG', en16931: true };
  }
  const zf1 = /^urn:ferd:CrossIndustryDocument:invoice:1p0:(basic|comfort|extended)$/i.exec(id);
  if (zf1) return { profile: `ZUGFeRD 1.0 ${zf1[1].toUpperCase()}`, en16931: false };
  return { profile: 'other', en16931: null };
}
