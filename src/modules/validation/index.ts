/**
 * The validation engine: a pure library (no Nest, database or network) used by the CLI,
 * the workers and tests.
 *
 *   const validator = createValidator({ rules: 'all' });
 *   const result = await validator.validate(bytes, { fileName: 'invoice.xml' });
 */
export { createValidator, resolveOptions, type Validator, type ValidatorOptions } from './validator.js';
export type { ValidationResult, DetectedSyntax, PdfInfo } from './result.js';
export {
  ENGINE_FINDINGS,
  type EngineFindingId,
  type Finding,
  type Messages,
  type Severity,
} from './findings.js';
export { RELEASES, DEFAULT_RELEASE, type Release, type Scenario } from './scenario/scenarios.js';
export { DEFAULT_PARSE_LIMITS, secureParse, type ParseLimits } from './xml/secure-parse.js';
export {
  SchemaStore,
  defaultInstallDir,
  verifyInstalled,
  loadManifest,
  type SchemaError,
} from './xsd/schema-store.js';
export { toJsonReport, toIdReport, type JsonReport, type JsonFinding } from './report/json-report.js';
export { textReport } from './report/text-report.js';
export {
  htmlReport,
  htmlReportBody,
  type HtmlReportOptions,
  type ReportBodyOptions,
} from './report/html-report.js';
export { REPORT_CSS } from './report/report-style.js';
export {
  formatAmount,
  formatDate,
  formatDateTime,
  formatNumber,
  isoDate,
  LOCALES,
  type FormatLang,
} from './report/format.js';
export { termLabel } from './report/business-terms.js';
export type { InvoiceSummary } from './report/summary.js';
