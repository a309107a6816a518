import type { Lang } from '../../../common/errors/domain-error.js';
import type { Finding } from '../findings.js';
import type { ValidationResult } from '../result.js';

/** One finding in the report format of CONFORMANCE.md. */
export interface JsonFinding {
  id: string;
  bt?: string[];
  message: string;
  location?: string;
  line?: number;
}

/** The per-file object of `einvoice validate --format json|jsonl` (CONFORMANCE.md contract). */
export interface JsonReport {
  file: string;
  container?: 'pdf';
  syntax: string;
  customization: string | null;
  scenario: string | null;
  valid: boolean;
  schemaErrors: { message: string; line: number }[];
  errors: JsonFinding[];
  warnings: JsonFinding[];
  infos: JsonFinding[];
  acceptRecommendation: string;
  release: string | null;
  ruleSets: { name: string; version: string }[];
  pdf?: ValidationResult['pdf'];
}

export function toJsonFinding(f: Finding, lang: Lang): JsonFinding {
  const out: JsonFinding = {
    id: f.id,
    ...(f.bt && f.bt.length > 0 ? { bt: [...f.bt] } : {}),
    message: f.messages[lang],
  };
  if (f.location) out.location = f.location;
  if (f.line) out.line = f.line;
  return out;
}

export function toJsonReport(r: ValidationResult, lang: Lang): JsonReport {
  return {
    file: r.file,
    ...(r.container === 'pdf' ? { container: 'pdf' as const } : {}),
    syntax: r.syntax,
    customization: r.customization,
    scenario: r.scenario,
    valid: r.valid,
    schemaErrors: r.schemaErrors.map((e) => ({ message: e.message, line: e.line })),
    errors: r.errors.map((f) => toJsonFinding(f, lang)),
    warnings: r.warnings.map((f) => toJsonFinding(f, lang)),
    infos: r.infos.map((f) => toJsonFinding(f, lang)),
    acceptRecommendation: r.acceptRecommendation,
    release: r.release,
    ruleSets: r.ruleSets.map((s) => ({ ...s })),
    ...(r.pdf ? { pdf: r.pdf } : {}),
  };
}

/**
 * The same report with findings as bare ids (`"errors":["BR-CO-10"]`), for tools that
 * read id lists, such as the conformance scorer, whose set comparison stringifies entries.
 */
export function toIdReport(r: ValidationResult): Omit<JsonReport, 'errors' | 'warnings' | 'infos'> & {
  errors: string[];
  warnings: string[];
  infos: string[];
} {
  const base = toJsonReport(r, 'en');
  return {
    ...base,
    errors: r.errors.map((f) => f.id),
    warnings: r.warnings.map((f) => f.id),
    infos: r.infos.map((f) => f.id),
  };
}
