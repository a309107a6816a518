import type { XmlDocument } from 'libxml2-wasm';
import type { Finding } from '../findings.js';
import type { DetectedSyntax, PdfInfo } from '../result.js';
import type { RuleSet } from '../rules/rule.js';
import type { Scenario } from '../scenario/scenarios.js';
import type { ReleaseRules } from '../validator.js';
import type { SchemaError } from '../xsd/schema-manifest.js';
import type { SchemaThread } from '../xsd/schema-thread.js';
import type { SchemaOutcome } from '../xsd/schema-check.js';
import type { ParseLimits } from '../xml/tree-parse.js';
import type { XNode } from '../xml/xnode.js';
import type { InvoiceSummary } from '../report/summary.js';

export interface ResolvedOptions {
  readonly rules: 'all' | 'en16931';
  readonly skipSchema: boolean;
  /** The releases whose scenarios apply, in order of precedence (at least one). */
  readonly releases: readonly ReleaseRules[];
  readonly limits: ParseLimits;
  /** Folder of the installed schemas (compiled once per folder and process). */
  readonly schemaDir: string;
  /** When set, the XSD step runs there while the rules run here (see schema-thread.ts). */
  readonly schemaThread: SchemaThread | null;
  readonly maxPdfBytes: number;
  readonly maxPdfAttachmentBytes: number;
  /** Compute the invoice summary (for text/html reports). */
  readonly summary: boolean;
}

/** The one object every step reads and enriches. */
export interface ValidationContext {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly options: ResolvedOptions;
  container: 'xml' | 'pdf';
  /** The XML to validate: the input itself or the invoice embedded in a PDF. */
  xmlBytes: Uint8Array | null;
  /** What libxml2 parses: xmlBytes, or a copy with long valid attachments cut out (xml/attachments.ts). */
  parsedBytes: Uint8Array | null;
  pdf?: PdfInfo;
  summary?: InvoiceSummary;
  doc: XmlDocument | null;
  root: XNode | null;
  syntax: DetectedSyntax;
  customization: string | null;
  /** Every specification identifier element's value as written (for scenario matching). */
  specIds: string[];
  scenario: Scenario | null;
  /** The release whose scenario matched (with `--rules en16931`, the first release). */
  release: ReleaseRules | null;
  ruleSets: RuleSet[];
  schemaErrors: SchemaError[];
  /** The schema check under way on the schema thread, and the state to roll back to if it fails. */
  pendingSchema: PendingSchema | null;
  /** Set while the tree was built without libxml2's verdict on well-formedness (see parseStep). */
  unverified: Unverified | null;
  findings: Finding[];
  /** An official rule could not be decided (KoSIT: processing error, no recommendation). */
  undecidable: boolean;
  /** Set by the decision step. */
  valid: boolean;
  acceptRecommendation: 'ACCEPTABLE' | 'REJECT' | 'UNDEFINED';
  done: boolean;
  steps: string[];
}

export interface PendingSchema {
  readonly result: Promise<SchemaOutcome>;
  readonly findings: number;
  readonly steps: number;
  readonly ruleSets: number;
  readonly undecidable: boolean;
}

export interface Unverified {
  readonly findings: number;
  readonly steps: number;
}
