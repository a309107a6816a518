import type { Syntax } from '../rules/rule.js';
import type { Severity } from '../findings.js';

/**
 * The scenarios of the official KoSIT validator configuration for XRechnung, as data.
 *
 * KoSIT selects a scenario by the root element (namespace + name) and an exact string
 * comparison of the specification identifier (UBL cbc:CustomizationID, CII
 * rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID;
 * any occurrence, no whitespace normalisation). The first match in table order wins;
 * no match means the document is rejected without further checks.
 *
 * Each scenario names the rule layers it runs (CEN EN 16931 for the syntax, then
 * optionally XRechnung) and the `customLevel` overrides of its report step: the official
 * configuration raises or lowers the severity of some rule ids per scenario.
 */
export type Layer = 'cen' | 'xrechnung';

export interface Scenario {
  /** The KoSIT scenario name, reported as `scenario`. */
  readonly name: string;
  readonly syntax: Syntax;
  /** Exact specification identifier the scenario matches. */
  readonly specId: string;
  readonly layers: readonly Layer[];
  /** rule id → severity the configuration gives it in this scenario. */
  readonly levels: Readonly<Record<string, Severity>>;
}

/** One XRechnung release: its scenarios and the versions of the rules it runs. */
export interface Release {
  readonly id: string;
  readonly description: string;
  readonly scenarios: readonly Scenario[];
}

const XR30 = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
const XR30_EXT = `${XR30}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`;
const XR30_CVD = `${XR30}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`;
const EN16931 = 'urn:cen.eu:en16931:2017';
/** Levels of a scenario that keeps every rule at its own flag. */
const NO_LEVELS: Readonly<Record<string, Severity>> = Object.freeze({});

// The severity overrides of the configuration's report step, per scenario family.
const CIUS_UBL_INVOICE: Record<string, Severity> = {
  'BR-CL-21': 'warning',
  'BR-CL-23': 'warning',
  'UBL-CR-646': 'error',
};
const CIUS_UBL_CREDITNOTE: Record<string, Severity> = { 'BR-CL-21': 'warning', 'BR-CL-23': 'warning' };
const CIUS_CII: Record<string, Severity> = {
  'BR-CL-21': 'warning',
  'BR-CL-23': 'warning',
  'CII-SR-452': 'error',
  'CII-SR-453': 'error',
  'CII-SR-454': 'error',
};
const EXTENSION_COMMON: Record<string, Severity> = {
  'BR-CL-10': 'information',
  'BR-CL-11': 'information',
  'BR-CL-21': 'information',
  'BR-CL-23': 'warning',
  'BR-CL-24': 'information',
  'BR-CL-25': 'information',
  'BR-CL-26': 'information',
};
const EXTENSION_UBL_INVOICE: Record<string, Severity> = {
  ...EXTENSION_COMMON,
  'BR-CO-16': 'information',
  'UBL-CR-470': 'information',
  'UBL-CR-646': 'information',
};
const EXTENSION_CII: Record<string, Severity> = {
  ...EXTENSION_COMMON,
  'CII-SR-452': 'error',
  'CII-SR-453': 'error',
  'CII-SR-454': 'error',
};
const CVD: Record<string, Severity> = { 'BR-CL-13': 'information' };

const both: readonly Layer[] = ['cen', 'xrechnung'];
const cen: readonly Layer[] = ['cen'];

/** XRechnung 3.0 (KoSIT configuration, XRechnung schematron 2.5.x, EN 16931 1.3.16). */
export const XRECHNUNG_3_0: Release = {
  id: 'xrechnung-3.0',
  description: 'KoSIT validator configuration XRechnung 3.0.x (EN 16931 1.3.16, XRechnung Schematron 2.5)',
  scenarios: [
    {
      name: 'EN16931 XRechnung (UBL Invoice)',
      syntax: 'ubl-invoice',
      specId: XR30,
      layers: both,
      levels: CIUS_UBL_INVOICE,
    },
    {
      name: 'EN16931 XRechnung Extension (UBL Invoice)',
      syntax: 'ubl-invoice',
      specId: XR30_EXT,
      layers: both,
      levels: EXTENSION_UBL_INVOICE,
    },
    {
      name: 'EN16931 XRechnung CVD (UBL Invoice)',
      syntax: 'ubl-invoice',
      specId: XR30_CVD,
      layers: both,
      levels: { ...CIUS_UBL_INVOICE, ...CVD },
    },
    {
      name: 'EN16931 XRechnung (UBL CreditNote)',
      syntax: 'ubl-creditnote',
      specId: XR30,
      layers: both,
      levels: CIUS_UBL_CREDITNOTE,
    },
    {
      name: 'EN16931 XRechnung CVD (UBL CreditNote)',
      syntax: 'ubl-creditnote',
      specId: XR30_CVD,
      layers: both,
      levels: { ...CIUS_UBL_CREDITNOTE, 'UBL-CR-646': 'error', ...CVD },
    },
    { name: 'EN16931 XRechnung (CII)', syntax: 'cii', specId: XR30, layers: both, levels: CIUS_CII },
    {
      name: 'EN16931 XRechnung Extension (CII)',
      syntax: 'cii',
      specId: XR30_EXT,
      layers: both,
      levels: EXTENSION_CII,
    },
    {
      name: 'EN16931 XRechnung CVD (CII)',
      syntax: 'cii',
      specId: XR30_CVD,
      layers: both,
      levels: { ...CIUS_CII, ...CVD },
    },
    { name: 'EN16931 (UBL Invoice)', syntax: 'ubl-invoice', specId: EN16931, layers: cen, levels: {} },
    { name: 'EN16931 (UBL CreditNote)', syntax: 'ubl-creditnote', specId: EN16931, layers: cen, levels: {} },
    { name: 'EN16931 (CII)', syntax: 'cii', specId: EN16931, layers: cen, levels: {} },
  ],
};

export const RELEASES: Readonly<Record<string, Release>> = { [XRECHNUNG_3_0.id]: XRECHNUNG_3_0 };
export const DEFAULT_RELEASE = XRECHNUNG_3_0.id;

const SYNTAX_LABEL: Record<Syntax, string> = {
  'ubl-invoice': 'UBL Invoice',
  'ubl-creditnote': 'UBL CreditNote',
  cii: 'CII',
};

/** The pseudo-scenario of `--rules en16931`: CEN rules only, their own flags. */
export function en16931OnlyScenario(syntax: Syntax): Scenario {
  return {
    name: `EN16931 schematron only (${SYNTAX_LABEL[syntax]})`,
    syntax,
    specId: '',
    layers: cen,
    levels: NO_LEVELS,
  };
}

/**
 * KoSIT's match: the first scenario of the syntax whose identifier equals any of the
 * document's specification identifier elements, compared as written.
 */
export function selectScenario(
  release: Release,
  syntax: Syntax,
  specIds: readonly string[],
): Scenario | null {
  for (const s of release.scenarios) {
    if (s.syntax === syntax && specIds.includes(s.specId)) return s;
  }
  return null;
}
