import { engineFinding, type Finding, type Severity } from '../findings.js';
import type { Flag, Rule, RuleDocument, RuleSet, Syntax } from '../rules/rule.js';
import { en16931OnlyScenario, selectScenario } from '../scenario/scenarios.js';
import { setsFor } from '../rule-sets.js';
import { parseUnchecked } from '../xml/tree-parse.js';
import { all, locationOf, normalizeSpace, stringValue } from '../xml/query.js';
import { NS, type XNode } from '../xml/xnode.js';
import { extractInvoiceFromPdf, isPdf, profileOf } from '../pdf/pdf-extract.js';
import type { Unverified, ValidationContext } from './context.js';
import type { SchemaOutcome } from '../xsd/schema-check.js';
import type { SchemaError } from '../xsd/schema-manifest.js';
import { summarize } from '../report/summary.js';
import type { Step } from './pipeline.js';

type S = Step<ValidationContext>;

type InThread = typeof import('./in-thread.js');
let inThread: InThread | null = null;

/** libxml2's work on this thread (in-thread.ts), loaded on first need. */
async function loadInThread(): Promise<InThread> {
  return (inThread ??= await import('./in-thread.js'));
}

/** Runs `f` with in-thread.ts: at once once it is loaded (the steps stay synchronous), else after loading it. */
function withInThread(f: (lib: InThread) => void): void | Promise<void> {
  if (inThread) return f(inThread);
  return loadInThread().then(f);
}

function stop(ctx: ValidationContext, finding: Finding): void {
  ctx.findings.push(finding);
  ctx.done = true;
}

export const readStep: S = {
  name: 'read',
  run(ctx) {
    if (ctx.bytes.length === 0) stop(ctx, engineFinding('XML-EMPTY'));
  },
};

export const detectContainerStep: S = {
  name: 'detect-container',
  run(ctx) {
    ctx.container = isPdf(ctx.bytes) ? 'pdf' : 'xml';
    if (ctx.container === 'xml') ctx.xmlBytes = ctx.bytes;
  },
};

export const extractPdfStep: S = {
  name: 'extract-pdf',
  run(ctx) {
    // synchronous for XML (see runPipeline), a promise for a PDF
    if (ctx.container === 'pdf') return extractPdf(ctx);
  },
};

async function extractPdf(ctx: ValidationContext): Promise<void> {
  const r = await extractInvoiceFromPdf(ctx.bytes, {
    maxPdfBytes: ctx.options.maxPdfBytes,
    maxAttachmentBytes: ctx.options.maxPdfAttachmentBytes,
  });
  ctx.pdf = r.info;
  if (!r.ok) return stop(ctx, r.finding);
  ctx.xmlBytes = r.xml;
}

export const parseStep: S = {
  name: 'parse',
  run(ctx) {
    // With a schema thread, libxml2's parse of an XML document happens there, together
    // with the schema check; this thread builds its tree and runs the rules meanwhile, and
    // schemaJoinStep undoes all of it should libxml2 find the document not well-formed.
    if (ctx.options.schemaThread && ctx.container === 'xml') {
      const u = parseUnchecked(ctx.xmlBytes!, ctx.options.limits);
      if (u.ok === false) return stop(ctx, u.finding);
      if (u.ok === true) {
        ctx.root = u.root;
        ctx.parsedBytes = u.parsed;
        ctx.unverified = { findings: ctx.findings.length, steps: ctx.steps.length };
        return;
      }
    }
    return withInThread((lib) => {
      const r = lib.secureParse(ctx.xmlBytes!, ctx.options.limits);
      if (!r.ok) return stop(ctx, r.finding);
      ctx.doc = r.doc;
      ctx.root = r.root;
      ctx.parsedBytes = r.parsed;
    });
  },
};

const ROOTS: { ns: string; local: string; syntax: Syntax }[] = [
  { ns: NS.ubl, local: 'Invoice', syntax: 'ubl-invoice' },
  { ns: NS.cn, local: 'CreditNote', syntax: 'ubl-creditnote' },
  { ns: NS.rsm, local: 'CrossIndustryInvoice', syntax: 'cii' },
];

function specIdNodes(root: XNode, syntax: Syntax): XNode[] {
  return syntax === 'cii'
    ? all(root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID')
    : all(root, 'cbc:CustomizationID');
}

export const detectSyntaxStep: S = {
  name: 'detect-syntax',
  run(ctx) {
    const root = ctx.root!;
    const hit = ROOTS.find((r) => r.ns === root.ns && r.local === root.local);
    if (!hit) {
      return stop(
        ctx,
        engineFinding('SYNTAX-UNKNOWN', {
          detail: `({${root.ns}}${root.local})`.slice(0, 200),
          line: root.line,
        }),
      );
    }
    ctx.syntax = hit.syntax;
    const ids = specIdNodes(root, hit.syntax);
    ctx.specIds = ids.map((n) => stringValue(n));
    ctx.customization = ids.length > 0 ? normalizeSpace(ctx.specIds[0]) : null;
  },
};

/** For a PDF: the Factur-X / ZUGFeRD profile from the guideline id, said plainly. */
export const pdfProfileStep: S = {
  name: 'pdf-profile',
  always: true,
  run(ctx) {
    if (!ctx.pdf || !ctx.root) return;
    let id = ctx.customization;
    if (id === null && ctx.root.local === 'CrossIndustryDocument') {
      // ZUGFeRD 1.0: another root and namespace; its guideline id is found by local names.
      const context = ctx.root.children.find((c) => c.local === 'SpecifiedExchangedDocumentContext');
      const param = context?.children.find((c) => c.local === 'GuidelineSpecifiedDocumentContextParameter');
      const idNode = param?.children.find((c) => c.local === 'ID');
      id = idNode ? normalizeSpace(stringValue(idNode)) : null;
    }
    const p = profileOf(id);
    ctx.pdf.profile = p.profile;
    ctx.pdf.en16931 = p.en16931;
    if (p.en16931 === false) {
      ctx.findings.push(
        engineFinding('PDF-NOT-EN16931', {
          severity: 'warning',
          detail: { de: `(Profil ${p.profile ?? '?'})`, en: `(profile ${p.profile ?? '?'})` },
        }),
      );
    }
  },
};

export const selectScenarioStep: S = {
  name: 'select-scenario',
  run(ctx) {
    const syntax = ctx.syntax as Syntax;
    if (ctx.options.rules === 'en16931') {
      ctx.scenario = en16931OnlyScenario(syntax);
      ctx.release = ctx.options.releases[0];
      return;
    }
    for (const r of ctx.options.releases) {
      ctx.scenario = selectScenario(r.release, syntax, ctx.specIds);
      if (ctx.scenario) {
        ctx.release = r;
        break;
      }
    }
    if (!ctx.scenario) {
      const id = ctx.customization ?? '';
      stop(
        ctx,
        engineFinding('SCENARIO-NONE', {
          detail: id
            ? {
                de: `Spezifikationskennung: „${id.slice(0, 200)}“.`,
                en: `Specification identifier: "${id.slice(0, 200)}".`,
              }
            : {
                de: 'Die Spezifikationskennung (BT-24) fehlt.',
                en: 'The specification identifier (BT-24) is missing.',
              },
        }),
      );
    }
  },
};

function applySchemaResult(ctx: ValidationContext, errors: SchemaError[] | null): void {
  if (errors === null) return stop(ctx, engineFinding('SCHEMA-NOT-INSTALLED'));
  if (errors.length > 0) {
    // As in KoSIT: the Schematron layers do not run on a schema-invalid document.
    ctx.schemaErrors = errors;
    ctx.done = true;
  }
}

function checkSchemaHere(lib: InThread, ctx: ValidationContext): SchemaOutcome {
  if (!ctx.doc) {
    // the tree was built unchecked: libxml2 parses here, and may refuse
    const r = lib.secureParse(ctx.xmlBytes!, ctx.options.limits);
    if (!r.ok) return 'malformed';
    ctx.doc = r.doc;
    ctx.parsedBytes = r.parsed;
  }
  return lib.checkParsed(
    lib.schemaStore(ctx.options.schemaDir),
    ctx.doc,
    ctx.parsedBytes ?? ctx.xmlBytes!,
    ctx.syntax as Syntax,
    ctx.root ?? undefined,
  );
}

export const xsdStep: S = {
  name: 'xsd',
  run(ctx) {
    if (ctx.options.skipSchema) return;
    const thread = ctx.options.schemaThread;
    if (!thread) {
      return withInThread((lib) => {
        const outcome = checkSchemaHere(lib, ctx);
        // 'malformed' cannot come from a document this thread has parsed; no guess if it does
        if (outcome === 'malformed') rollBackToParse(lib, ctx, null);
        else applySchemaResult(ctx, outcome);
      });
    }
    // Checked on the schema thread while the rules run; settled by schemaJoinStep.
    const result = thread.check(ctx.parsedBytes ?? ctx.xmlBytes!, ctx.syntax as Syntax);
    result.catch(() => undefined); // observed in the join step (or moot after a crash)
    ctx.pendingSchema = {
      result,
      findings: ctx.findings.length,
      steps: ctx.steps.length,
      ruleSets: ctx.ruleSets.length,
      undecidable: ctx.undecidable,
    };
  },
};

/**
 * Settles what ran on the schema thread, so that every result equals the sequential
 * one. A document libxml2 finds not well-formed ends as it would have at the parse step
 * (with libxml2's own finding, taken here); a schema-invalid one as it would have at the
 * XSD step: whatever was built or found after that step is dropped.
 */
export const schemaJoinStep: S = {
  name: 'xsd-join',
  always: true,
  silent: true,
  async run(ctx) {
    const pending = ctx.pendingSchema;
    const unverified = ctx.unverified;
    ctx.pendingSchema = null;
    ctx.unverified = null;
    if (!pending && !unverified) return;
    // The rules are done: while the document waits for the thread, its tree (often larger
    // than the document) is let go unless the summary still reads it, so that the trees of
    // the documents under way in a batch do not outlive the young generation.
    if (pending && !ctx.options.summary) ctx.root = null;
    let outcome: SchemaOutcome | undefined;
    if (pending) {
      try {
        outcome = await pending.result;
      } catch {
        outcome = undefined; // the thread failed: checked here below
      }
    }
    if (unverified && outcome === undefined && !pending) {
      // ended before the XSD step (unknown syntax, no scenario): still to be parsed
      const r = (await loadInThread()).secureParse(ctx.xmlBytes!, ctx.options.limits);
      if (r.ok) r.doc.dispose();
      else outcome = 'malformed';
    }
    if (pending && outcome === undefined) outcome = checkSchemaHere(await loadInThread(), ctx);
    if (outcome === 'malformed') return rollBackToParse(await loadInThread(), ctx, unverified);
    if (!pending || (outcome !== null && outcome!.length === 0)) return;
    ctx.findings.length = pending.findings;
    truncateSteps(ctx, pending.steps);
    ctx.ruleSets.length = pending.ruleSets;
    ctx.undecidable = pending.undecidable;
    applySchemaResult(ctx, outcome!);
  },
};

/**
 * Forgets the steps listed from `length` on, except those that run in any case (`always`):
 * the sequential run would have listed those too.
 */
function truncateSteps(ctx: ValidationContext, length: number): void {
  const always = new Set(DEFAULT_STEPS.filter((s) => s.always).map((s) => s.name));
  const kept = ctx.steps.slice(length).filter((name) => always.has(name));
  ctx.steps.length = length;
  ctx.steps.push(...kept);
}

/** The document is not well-formed: the result of the sequential parse step, with libxml2's finding. */
function rollBackToParse(lib: InThread, ctx: ValidationContext, at: Unverified | null): void {
  const r = lib.secureParse(ctx.xmlBytes!, ctx.options.limits);
  if (r.ok) {
    // cannot happen (libxml2 refused these very bytes); never accept on a contradiction
    r.doc.dispose();
    ctx.undecidable = true;
    ctx.findings.push(engineFinding('INTERNAL-ERROR', { detail: 'well-formedness undecided' }));
    return;
  }
  if (at) {
    ctx.findings.length = at.findings;
    truncateSteps(ctx, at.steps);
  }
  ctx.doc?.dispose();
  ctx.doc = null;
  ctx.root = null;
  ctx.syntax = 'unknown';
  ctx.customization = null;
  ctx.specIds = [];
  ctx.scenario = null;
  ctx.release = null;
  ctx.ruleSets = [];
  ctx.schemaErrors = [];
  ctx.undecidable = false;
  stop(ctx, r.finding);
}

const FLAG_SEVERITY: Record<Flag, Severity> = {
  fatal: 'error',
  warning: 'warning',
  information: 'information',
};

type Levels = Readonly<Record<string, Severity>>;

const NO_LEVELS: Levels = {};
const severityTables = new WeakMap<Levels, WeakMap<RuleSet, readonly Severity[]>>();

/**
 * The severity of each rule of `set` under a scenario's levels, computed once per
 * (levels, rule set): looking the levels up by rule id for every rule of every document
 * was 7 % of the validation time.
 */
function severitiesOf(levels: Levels, set: RuleSet): readonly Severity[] {
  let bySet = severityTables.get(levels);
  if (!bySet) severityTables.set(levels, (bySet = new WeakMap()));
  let table = bySet.get(set);
  if (!table) {
    table = set.rules.map((r) => levels[r.id] ?? FLAG_SEVERITY[r.flag]);
    bySet.set(set, table);
  }
  return table;
}

type Check = Rule['check'];
const checkTables = new WeakMap<RuleSet, readonly Check[]>();

/**
 * The check functions of a rule set, in one array: read from an array slot, not as a
 * property of ~1,900 rule objects of several shapes (a megamorphic load per rule).
 */
function checksOf(set: RuleSet): readonly Check[] {
  let table = checkTables.get(set);
  if (!table) checkTables.set(set, (table = set.rules.map((r) => r.check)));
  return table;
}

function runRuleSets(ctx: ValidationContext, sets: readonly RuleSet[]): void {
  const syntax = ctx.syntax as Syntax;
  const doc: RuleDocument = { root: ctx.root!, syntax, customization: ctx.customization ?? '' };
  const levels = ctx.scenario?.levels ?? NO_LEVELS;
  // One context object per document (not two closures per rule): with ~2,000 rules the
  // allocations showed in profiles. `rule`/`severity` track the rule being run.
  let rule: Rule | null = null;
  let severity: Severity = 'error';
  const ruleCtx = {
    report(node: XNode): void {
      ctx.findings.push({
        id: rule!.id,
        severity,
        bt: rule!.bt,
        messages: rule!.message,
        location: locationOf(node),
        line: node.line,
      });
    },
    undecidable(node: XNode, reason: string): void {
      ctx.undecidable = true;
      ctx.findings.push({
        ...engineFinding('RULE-UNDECIDABLE', { detail: `[${rule!.id}] ${reason}`, line: node.line }),
        location: locationOf(node),
      });
    },
  };
  for (const set of setsFor(sets, syntax)) {
    ctx.ruleSets.push(set);
    const severities = severitiesOf(levels, set);
    const rules = set.rules;
    const checks = checksOf(set);
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k];
      rule = r;
      severity = severities[k];
      try {
        // a plain call: `.call(r, …)` made V8 check each function's hidden class (arrow,
        // method, function), and the optimised loop was thrown away at each new one
        checks[k](doc, ruleCtx);
      } catch (err) {
        // A rule must never throw; if one does, the document is not accepted on a guess.
        ctx.undecidable = true;
        ctx.findings.push(
          engineFinding('RULE-ERROR', {
            detail: `[${r.id}] ${err instanceof Error ? err.message : String(err)}`,
          }),
        );
      }
    }
  }
}

export const cenRulesStep: S = {
  name: 'cen-rules',
  run(ctx) {
    if (ctx.release && ctx.scenario?.layers.includes('cen')) runRuleSets(ctx, ctx.release.layers.cen);
  },
};

export const xrechnungRulesStep: S = {
  name: 'xrechnung-rules',
  run(ctx) {
    if (ctx.release && ctx.scenario?.layers.includes('xrechnung'))
      runRuleSets(ctx, ctx.release.layers.xrechnung);
  },
};

export const summarizeStep: S = {
  name: 'summarize',
  always: true,
  run(ctx) {
    if (ctx.options.summary && ctx.root && ctx.syntax !== 'unknown')
      ctx.summary = summarize(ctx.root, ctx.syntax);
  },
};

export const decideStep: S = {
  name: 'decide',
  always: true,
  run(ctx) {
    ctx.doc?.dispose();
    ctx.doc = null;
    // KoSIT accepts when a scenario ran to the end without schema errors and without any
    // finding of level error; a processing error leaves the recommendation undefined.
    const errors = ctx.findings.some((f) => f.severity === 'error');
    if (ctx.undecidable) ctx.acceptRecommendation = 'UNDEFINED';
    else if (ctx.scenario && !errors && ctx.schemaErrors.length === 0 && !ctx.done)
      ctx.acceptRecommendation = 'ACCEPTABLE';
    else ctx.acceptRecommendation = 'REJECT';
    ctx.valid = ctx.acceptRecommendation === 'ACCEPTABLE';
  },
};

export const DEFAULT_STEPS: readonly S[] = [
  readStep,
  detectContainerStep,
  extractPdfStep,
  parseStep,
  detectSyntaxStep,
  pdfProfileStep,
  selectScenarioStep,
  xsdStep,
  cenRulesStep,
  xrechnungRulesStep,
  schemaJoinStep,
  summarizeStep,
  decideStep,
];
