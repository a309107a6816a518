/**
 * Findings of the engine itself (as opposed to the official rules): reading, parsing,
 * scenario selection, schema and container problems. Each has a stable id that clients,
 * tests and the quarantine may rely on; the messages are ours, in German and English.
 */
export type Severity = 'error' | 'warning' | 'information';

export interface Messages {
  readonly de: string;
  readonly en: string;
}

/** One finding of a validation run, language-neutral (both messages kept). */
export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  /** Business terms the finding is about (rules only). */
  readonly bt?: readonly string[];
  readonly messages: Messages;
  /** XPath-like location of the element the finding is about. */
  readonly location?: string;
  readonly line?: number;
  readonly column?: number;
}

export const ENGINE_FINDINGS = {
  'FILE-UNREADABLE': {
    de: 'Die Datei kann nicht gelesen werden.',
    en: 'The file cannot be read.',
  },
  'DOCUMENT-TOO-LARGE': {
    de: 'Das Dokument überschreitet die zulässige Größe.',
    en: 'The document exceeds the permitted size.',
  },
  'XML-EMPTY': {
    de: 'Das Dokument ist leer.',
    en: 'The document is empty.',
  },
  'NOT-XML': {
    de: 'Das Dokument ist weder XML noch PDF (z. B. eine HTML-Seite oder Binärdaten).',
    en: 'The document is neither XML nor PDF (e.g. an HTML page or binary data).',
  },
  'XML-ENCODING': {
    de: 'Die Zeichenkodierung des Dokuments ist ungültig oder wird nicht unterstützt.',
    en: 'The character encoding of the document is invalid or not supported.',
  },
  'XML-DTD-FORBIDDEN': {
    de: 'Das Dokument enthält eine Dokumenttypdeklaration (DOCTYPE); DTDs und Entitäten sind aus Sicherheitsgründen nicht erlaubt.',
    en: 'The document contains a document type declaration (DOCTYPE); DTDs and entities are refused for security reasons.',
  },
  'XML-NOT-WELL-FORMED': {
    de: 'Das Dokument ist kein wohlgeformtes XML.',
    en: 'The document is not well-formed XML.',
  },
  'XML-TOO-DEEP': {
    de: 'Die Elemente des Dokuments sind zu tief verschachtelt.',
    en: 'The elements of the document are nested too deeply.',
  },
  'XML-TOO-MANY-ELEMENTS': {
    de: 'Das Dokument enthält zu viele Elemente.',
    en: 'The document contains too many elements.',
  },
  'SYNTAX-UNKNOWN': {
    de: 'Das Wurzelelement ist keine UBL-Rechnung, keine UBL-Gutschrift und keine CII-Rechnung.',
    en: 'The root element is neither a UBL Invoice, a UBL CreditNote nor a CII invoice.',
  },
  'SCENARIO-NONE': {
    de: 'Kein Prüfszenario passt zur Spezifikationskennung (BT-24); das Dokument wird ohne weitere Prüfung abgelehnt.',
    en: 'No validation scenario matches the specification identifier (BT-24); the document is rejected without further checks.',
  },
  'SCHEMA-NOT-INSTALLED': {
    de: 'Die XML-Schemata sind nicht installiert oder beschädigt (einvoice schemas install); die Schemaprüfung ist nicht möglich.',
    en: 'The XML schemas are not installed or damaged (einvoice schemas install); schema validation is impossible.',
  },
  'SCHEMA-INVALID': {
    de: 'Das Dokument verletzt das XML-Schema; die Geschäftsregeln wurden nicht geprüft.',
    en: 'The document violates the XML schema; the business rules were not checked.',
  },
  'RULE-UNDECIDABLE': {
    de: 'Eine offizielle Regel kann für dieses Dokument nicht entschieden werden (Verarbeitungsfehler der offiziellen Prüfung); das Dokument wird nicht angenommen.',
    en: 'An official rule cannot be decided for this document (processing error of the official check); the document is not accepted.',
  },
  'RULE-ERROR': {
    de: 'Interner Fehler einer Prüfregel; das Dokument wird nicht angenommen.',
    en: 'Internal error of a validation rule; the document is not accepted.',
  },
  'INTERNAL-ERROR': {
    de: 'Interner Fehler der Prüfung; das Dokument wird nicht angenommen.',
    en: 'Internal error of the validator; the document is not accepted.',
  },
  'PDF-UNREADABLE': {
    de: 'Die PDF-Datei ist beschädigt oder kann nicht gelesen werden.',
    en: 'The PDF file is damaged or cannot be read.',
  },
  'PDF-NO-INVOICE': {
    de: 'Die PDF-Datei enthält keine eingebettete Rechnungs-XML (ZUGFeRD/Factur-X/XRechnung).',
    en: 'The PDF file contains no embedded invoice XML (ZUGFeRD/Factur-X/XRechnung).',
  },
  'PDF-NOT-EN16931': {
    de: 'Die eingebettete Rechnung entspricht nicht der EN 16931 (Profil ohne vollständigen Rechnungsinhalt).',
    en: 'The embedded invoice is not an EN 16931 invoice (profile without the full invoice content).',
  },
} as const satisfies Record<string, Messages>;

export type EngineFindingId = keyof typeof ENGINE_FINDINGS;

/** An engine finding, optionally with a detail appended to both messages. */
export function engineFinding(
  id: EngineFindingId,
  extra: { detail?: Messages | string; line?: number; column?: number; severity?: Severity } = {},
): Finding {
  const base = ENGINE_FINDINGS[id];
  const detail = extra.detail;
  const de = detail === undefined ? base.de : `${base.de} ${typeof detail === 'string' ? detail : detail.de}`;
  const en = detail === undefined ? base.en : `${base.en} ${typeof detail === 'string' ? detail : detail.en}`;
  return {
    id,
    severity: extra.severity ?? 'error',
    messages: { de, en },
    ...(extra.line ? { line: extra.line } : {}),
    ...(extra.column ? { column: extra.column } : {}),
  };
}
