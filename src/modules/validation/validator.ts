import { engineFinding, type Finding } from './findings.js';
import { runPipeline, type Step } from './pipeline/pipeline.js';
import type { ResolvedOptions, ValidationContext } from './pipeline/context.js';
import { DEFAULT_STEPS } from './pipeline/steps.js';
import type { ValidationResult } from './result.js';
import { RELEASE_LAYERS, type RuleLayers } from './rule-sets.js';
import { DEFAULT_RELEASE, RELEASES, type Release } from './scenario/scenarios.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './xml/tree-parse.js';
import { defaultInstallDir } from './xsd/schema-manifest.js';
import { SchemaThread } from './xsd/schema-thread.js';

export interface ValidatorOptions {
  /** 'all' (default): KoSIT scenarios; 'en16931': only the CEN rules with their own flags. */
  readonly rules?: 'all' | 'en16931';
  /** Skip the XSD step. */
  readonly skipSchema?: boolean;
  /**
   * The XRechnung releases whose scenarios and rules apply, by id (see RELEASES) or given
   * whole, in order of precedence: a document runs under the first release with a scenario
   * for it. Several releases run side by side while receivers must accept the current and
   * the previous one. Default: the current release. Releases given whole (rules are
   * functions) cannot be handed to worker threads; the CLI's batches take ids.
   */
  readonly release?: ReleaseChoice | readonly ReleaseChoice[];
  readonly limits?: Partial<ParseLimits>;
  /** Folder of the installed schemas (default: schemas/installed of the repository). */
  readonly schemaDir?: string;
  /** Rule layers to run instead of the built-in ones of the releases given by id (tests). */
  readonly layers?: RuleLayers;
  readonly maxPdfBytes?: number;
  readonly maxPdfAttachmentBytes?: number;
  /** Add an invoice summary to each result (text/html reports). */
  readonly summary?: boolean;
  /**
   * Run the XSD step on a thread of its own, in parallel with the rules (batches on a
   * machine with a core to spare). Needs the compiled build; ignored when running from
   * sources. Call `close()` when done. A thread already started may be handed over.
   */
  readonly schemaThread?: boolean | SchemaThread;
}

export interface Validator {
  validate(bytes: Uint8Array, meta?: { fileName?: string }): Promise<ValidationResult>;
  readonly options: ResolvedOptions;
  /** Stops the schema thread, if any. */
  close(): Promise<void>;
}

/** A release with the rule layers it runs. */
export interface ReleaseRules {
  readonly release: Release;
  readonly layers: RuleLayers;
}

export type ReleaseChoice = string | ReleaseRules;

/**
 * Why these releases cannot be applied together, or null: none given, an id that is not
 * in RELEASES (a release given whole brings its own), or a release given twice.
 */
export function releaseProblem(choices: readonly ReleaseChoice[]): string | null {
  if (choices.length === 0) return 'no release given';
  const unknown = choices.find((c): c is string => typeof c === 'string' && !Object.hasOwn(RELEASES, c));
  if (unknown !== undefined)
    return `unknown release '${unknown}' (known: ${Object.keys(RELEASES).join(', ')})`;
  const ids = choices.map((c) => (typeof c === 'string' ? c : c.release.id));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  return twice === undefined ? null : `release '${twice}' given twice`;
}

function resolveReleases(options: ValidatorOptions): readonly ReleaseRules[] {
  const given = options.release ?? DEFAULT_RELEASE;
  const choices: readonly ReleaseChoice[] =
    typeof given === 'string' || !Array.isArray(given) ? [given as ReleaseChoice] : given;
  const problem = releaseProblem(choices);
  if (problem !== null) throw new Error(problem);
  return choices.map((choice): ReleaseRules => {
    if (typeof choice !== 'string') return choice;
    const release = RELEASES[choice];
    return { release, layers: options.layers ?? RELEASE_LAYERS[release.id] ?? { cen: [], xrechnung: [] } };
  });
}

function schemaThreadFor(given: boolean | SchemaThread | undefined, dir: string): SchemaThread | null {
  if (given instanceof SchemaThread) return given;
  return given ? SchemaThread.start(dir) : null;
}

export function resolveOptions(options: ValidatorOptions = {}): ResolvedOptions {
  const releases = resolveReleases(options);
  const skipSchema = options.skipSchema ?? false;
  const schemaDir = options.schemaDir ?? defaultInstallDir();
  return {
    rules: options.rules ?? 'all',
    skipSchema,
    releases,
    limits: { ...DEFAULT_PARSE_LIMITS, ...options.limits },
    schemaDir,
    schemaThread: skipSchema ? null : schemaThreadFor(options.schemaThread, schemaDir),
    maxPdfBytes: options.maxPdfBytes ?? 50 * 1024 * 1024,
    maxPdfAttachmentBytes:
      options.maxPdfAttachmentBytes ?? options.limits?.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
    summary: options.summary ?? false,
  };
}

export function createValidator(
  options: ValidatorOptions = {},
  steps: readonly Step<ValidationContext>[] = DEFAULT_STEPS,
): Validator {
  const resolved = resolveOptions(options);
  return {
    options: resolved,
    async close() {
      await resolved.schemaThread?.close();
    },
    async validate(bytes, meta = {}) {
      const ctx: ValidationContext = {
        fileName: meta.fileName ?? '',
        bytes,
        options: resolved,
        container: 'xml',
        xmlBytes: null,
        parsedBytes: null,
        doc: null,
        root: null,
        syntax: 'unknown',
        customization: null,
        specIds: [],
        scenario: null,
        release: null,
        ruleSets: [],
        schemaErrors: [],
        pendingSchema: null,
        unverified: null,
        findings: [],
        undecidable: false,
        valid: false,
        acceptRecommendation: 'REJECT',
        done: false,
        steps: [],
      };
      try {
        await runPipeline(steps, ctx);
      } catch (err) {
        // Never a crash for one document: whatever escaped a step becomes its finding.
        ctx.findings.push(
          engineFinding('INTERNAL-ERROR', {
            detail: err instanceof Error ? err.message.slice(0, 200) : undefined,
          }),
        );
        ctx.valid = false;
        ctx.acceptRecommendation = 'REJECT';
      } finally {
        ctx.doc?.dispose();
      }
      return toResult(ctx);
    },
  };
}

function toResult(ctx: ValidationContext): ValidationResult {
  const by = (s: Finding['severity']): Finding[] => ctx.findings.filter((f) => f.severity === s);
  return {
    file: ctx.fileName,
    container: ctx.container,
    syntax: ctx.syntax,
    customization: ctx.customization,
    scenario: ctx.scenario?.name ?? null,
    release: ctx.release?.release.id ?? null,
    ruleSets: ctx.ruleSets.map((s) => ({ name: s.name, version: s.version })),
    valid: ctx.valid,
    acceptRecommendation: ctx.acceptRecommendation,
    schemaErrors: ctx.schemaErrors,
    errors: by('error'),
    warnings: by('warning'),
    infos: by('information'),
    ...(ctx.pdf ? { pdf: ctx.pdf } : {}),
    ...(ctx.summary ? { summary: ctx.summary } : {}),
    steps: ctx.steps,
  };
}
