import type { Finding } from './findings.js';
import type { SchemaError } from './xsd/schema-manifest.js';
import type { InvoiceSummary } from './report/summary.js';

export type DetectedSyntax = 'ubl-invoice' | 'ubl-creditnote' | 'cii' | 'unknown';

/** ZUGFeRD / Factur-X facts of a PDF container. */
export interface PdfInfo {
  /** Names of all embedded files found. */
  embeddedFiles: readonly string[];
  /** The embedded file taken as the invoice, null when none. */
  xmlFilename: string | null;
  /** Profile read from the guideline id (MINIMUM, BASIC WL, BASIC, EN16931, EXTENDED, XRECHNUNG), null when unknown. */
  profile: string | null;
  /** Whether the profile carries an EN 16931 invoice (false: MINIMUM, BASIC WL, ZUGFeRD 1). */
  en16931: boolean | null;
  /** The profile the PDF's XMP metadata claims (fx:ConformanceLevel), null when absent. */
  xmpConformanceLevel: string | null;
}

/** The verdict on one document: engine-neutral, both languages kept. */
export interface ValidationResult {
  readonly file: string;
  readonly container: 'xml' | 'pdf';
  readonly syntax: DetectedSyntax;
  /** BT-24 as written (normalised), null when absent or not parsed. */
  readonly customization: string | null;
  /** Name of the scenario applied, null when none matched. */
  readonly scenario: string | null;
  /** Id of the release whose scenario applied (a validator may run several), null when none. */
  readonly release: string | null;
  /** Rule sets applied, name and version. */
  readonly ruleSets: readonly { readonly name: string; readonly version: string }[];
  /** The acceptance decision. */
  readonly valid: boolean;
  /** KoSIT's wording of the decision. */
  readonly acceptRecommendation: 'ACCEPTABLE' | 'REJECT' | 'UNDEFINED';
  readonly schemaErrors: readonly SchemaError[];
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly infos: readonly Finding[];
  readonly pdf?: PdfInfo;
  /** Key facts of the invoice (when it could be parsed and its syntax is known). */
  readonly summary?: InvoiceSummary;
  /** Steps that ran, in order (for diagnostics and tests). */
  readonly steps: readonly string[];
}
