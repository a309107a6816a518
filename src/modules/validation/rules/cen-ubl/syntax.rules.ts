import type { Flag, Rule } from '../rule.js';
import { stringValue } from '../../xml/query.js';
import { digitsAfterDot } from '../shared/xpath-values.js';
import { attrValue } from './br.rules.js';
import { assertRule, atRoot, everywhere, hasName, pathContext, resolveName } from './rule-kit.js';
import { NS, type XNode } from '../../xml/xnode.js';
import { CR_PATHS } from './ubl-cr.table.js';
import { memoKey, ublIndex as ublIndexOf, type UblIndex } from './ubl-index.js';
import { chargeIs, count, has, kids, matchSafe, nspOf } from './ubl-values.js';

/**
 * The UBL syntax binding rules of EN 16931 1.3.16: cardinality restrictions (UBL-SR-*),
 * data type restrictions (UBL-DT-*) and the elements EN 16931 does not use (UBL-CR-*).
 */

type Ctx = (ix: UblIndex) => readonly XNode[];

function rule(
  id: string,
  flag: Flag,
  bt: string[],
  context: Ctx,
  de: string,
  en: string,
  test: (n: XNode, ix: UblIndex) => boolean,
): Rule {
  return assertRule({ id, flag, bt, de, en, context, test });
}

/** `count(path) <= max` at a context. */
function atMost(
  id: string,
  bt: string[],
  context: Ctx,
  path: string,
  max: number,
  what: { de: string; en: string },
): Rule {
  return rule(
    id,
    'fatal',
    bt,
    context,
    `${what.de} darf höchstens ${max === 1 ? 'einmal' : `${max}-mal`} vorkommen.`,
    `${what.en} may occur at most ${max === 1 ? 'once' : `${max} times`}.`,
    (n) => count(n, path) <= max,
  );
}

// ---- the CR paths, evaluated for all rules in one walk per document ----------------------------

interface CrPath {
  /** Position in CR_PATHS: the slot of the rule's hit. */
  readonly index: number;
  readonly descendant: boolean;
  /** Each step: the alternative names it accepts. */
  readonly steps: readonly (readonly (readonly [string, string])[])[];
  readonly attr: string | null;
  /** The first step's names as prefixed names, for the index (resolved once, not per document). */
  readonly firstNames: readonly string[];
}

function compileCr(index: number, path: string): CrPath {
  const descendant = path.startsWith('//');
  let rest = descendant ? path.slice(2) : path;
  const steps: (readonly [string, string])[][] = [];
  if (rest.startsWith('(')) {
    const close = rest.indexOf(')');
    steps.push(rest.slice(1, close).split('|').map(resolveName));
    rest = rest.slice(close + 2);
  }
  let attr: string | null = null;
  for (const step of rest.split('/')) {
    if (step.startsWith('@')) attr = step.slice(1);
    else steps.push(step.split('|').map(resolveName));
  }
  const firstNames = steps.length > 0 ? steps[0].map(([ns, local]) => `${prefixOf(ns)}:${local}`) : [];
  return { index, descendant, steps, attr, firstNames };
}

interface Trie {
  /** local name → namespace → subtree (no per-node key strings during the walk). */
  readonly next: Map<string, Map<string, Trie>>;
  readonly ends: { index: number; attr: string | null }[];
}

const newTrie = (): Trie => ({ next: new Map(), ends: [] });

const CR_COMPILED = CR_PATHS.map((e, i) => compileCr(i, e.path));
/** The root-relative paths as one trie, so a single walk answers all of them. */
const CR_TRIE: Trie = (() => {
  const root = newTrie();
  const insert = (t: Trie, p: CrPath, i: number): void => {
    if (i === p.steps.length) {
      t.ends.push({ index: p.index, attr: p.attr });
      return;
    }
    for (const [ns, local] of p.steps[i]) {
      let byNs = t.next.get(local);
      if (!byNs) t.next.set(local, (byNs = new Map()));
      let child = byNs.get(ns);
      if (!child) byNs.set(ns, (child = newTrie()));
      insert(child, p, i + 1);
    }
  };
  for (const p of CR_COMPILED) if (!p.descendant) insert(root, p, 0);
  return root;
})();

type CrHits = (XNode | undefined)[];

const CR_HITS = memoKey<CrHits>();

/** First offending node per CR rule (by its CR_PATHS position, document order), computed once per document. */
function crHits(ix: UblIndex): CrHits {
  return ix.memo(CR_HITS, () => {
    const hits: CrHits = new Array<XNode | undefined>(CR_COMPILED.length).fill(undefined);
    visitCr(ix.root, CR_TRIE, hits);
    for (const p of CR_COMPILED) {
      if (!p.descendant) continue;
      const hit = descendantHit(ix, p);
      if (hit) hits[p.index] = hit;
    }
    return hits;
  });
}

function visitCr(n: XNode, t: Trie, hits: CrHits): void {
  for (const e of t.ends) {
    if (hits[e.index] !== undefined) continue;
    if (e.attr === null || attrValue(n, e.attr) !== null) hits[e.index] = n;
  }
  if (t.next.size === 0) return;
  for (const c of n.children) {
    const child = t.next.get(c.local)?.get(c.ns);
    if (child) visitCr(c, child, hits);
  }
}

function descendantHit(ix: UblIndex, p: CrPath): XNode | null {
  if (p.steps.length === 0) return p.attr === null ? null : (attributeIndex(ix).get(p.attr)?.[0] ?? null);
  // Candidates of the first step in order, each searched depth-first along the remaining
  // steps: the same order as evaluating step by step, without the intermediate sets.
  for (const qname of p.firstNames) {
    for (const start of ix.named(qname)) {
      const hit = firstDown(start, p, 1);
      if (hit) return hit;
    }
  }
  return null;
}

function firstDown(n: XNode, p: CrPath, i: number): XNode | null {
  if (i === p.steps.length) return p.attr === null || attrValue(n, p.attr) !== null ? n : null;
  const alternatives = p.steps[i];
  for (const c of n.children) {
    if (!alternatives.some(([ns, local]) => c.ns === ns && c.local === local)) continue;
    const hit = firstDown(c, p, i + 1);
    if (hit) return hit;
  }
  return null;
}

function prefixOf(ns: string): string {
  for (const [prefix, uri] of Object.entries(NS)) if (uri === ns) return prefix;
  throw new Error(`no prefix for ${ns}`);
}

const ATTRIBUTE_INDEX = memoKey<Map<string, XNode[]>>();

/** Elements carrying each (no-namespace) attribute, document order; one pass per document. */
function attributeIndex(ix: UblIndex): Map<string, XNode[]> {
  return ix.memo(ATTRIBUTE_INDEX, () => {
    const m = new Map<string, XNode[]>();
    for (const e of ix.elements) {
      for (const a of e.attrs) {
        if (a.ns !== '') continue;
        let list = m.get(a.local);
        if (!list) m.set(a.local, (list = []));
        list.push(e);
      }
    }
    return m;
  });
}

const crMessage = (path: string): { de: string; en: string } => ({
  de: `${path} ist in EN 16931 nicht vorgesehen und sollte in einer UBL-Rechnung nicht verwendet werden.`,
  en: `${path} is not part of EN 16931 and should not be used in a UBL invoice.`,
});

function crRule(id: string, path: string, index: number, flag: Flag = 'warning'): Rule {
  return {
    id,
    flag,
    bt: [],
    message: crMessage(path),
    check(doc, ctx) {
      if (doc.syntax !== 'ubl-invoice' && doc.syntax !== 'ubl-creditnote') return;
      const hit = crHits(ublIndexOf(doc.root))[index];
      // One finding per document (the official context is the root); the offending element gives the location.
      if (hit) ctx.report(hit);
    },
  };
}

/** `//cac:AdditionalDocumentReference[...]` with the official DocumentTypeCode predicate. */
const adrWithCode = (ix: UblIndex, is130: boolean): XNode[] =>
  ix.named('cac:AdditionalDocumentReference').filter((a) => {
    const codes = kids(a, 'cbc:DocumentTypeCode');
    return is130
      ? codes.some((c) => stringValue(c) === '130')
      : codes.some((c) => stringValue(c) !== '130') || codes.length === 0;
  });

const specialCr: readonly Rule[] = [
  rule(
    'UBL-CR-002',
    'warning',
    [],
    atRoot,
    'cbc:UBLVersionID sollte fehlen oder 2.1 sein.',
    'cbc:UBLVersionID should be absent or 2.1.',
    (n) => !has(n, 'cbc:UBLVersionID') || kids(n, 'cbc:UBLVersionID').some((v) => stringValue(v) === '2.1'),
  ),
  rule(
    'UBL-CR-412',
    'warning',
    [],
    atRoot,
    'cac:PaymentMeans/cbc:PaymentDueDate sollte in einer Rechnung nicht verwendet werden.',
    'cac:PaymentMeans/cbc:PaymentDueDate should not be used in an invoice.',
    (n, ix) => !has(n, 'cac:PaymentMeans/cbc:PaymentDueDate') || ix.isCreditNote,
  ),
  rule(
    'UBL-CR-665',
    'warning',
    [],
    atRoot,
    'Das Attribut schemeID von cac:AdditionalDocumentReference/cbc:ID ist nur für Objektkennungen (DocumentTypeCode 130) vorgesehen.',
    'The schemeID attribute of cac:AdditionalDocumentReference/cbc:ID is only meant for invoiced object identifiers (DocumentTypeCode 130).',
    (_n, ix) =>
      !adrWithCode(ix, false).some((a) => kids(a, 'cbc:ID').some((id) => attrValue(id, 'schemeID') !== null)),
  ),
  rule(
    'UBL-CR-666',
    'fatal',
    ['BT-18', 'BT-125'],
    atRoot,
    'Ein Verweis mit Objektkennung (DocumentTypeCode 130) darf keinen Anhang (cac:Attachment) enthalten.',
    'A reference carrying an invoiced object identifier (DocumentTypeCode 130) must not contain an attachment (cac:Attachment).',
    (_n, ix) => !adrWithCode(ix, true).some((a) => has(a, 'cac:Attachment')),
  ),
  rule(
    'UBL-CR-673',
    'fatal',
    ['BT-18', 'BT-123'],
    atRoot,
    'Ein Verweis mit Objektkennung (DocumentTypeCode 130) darf keine Dokumentbeschreibung enthalten.',
    'A reference carrying an invoiced object identifier (DocumentTypeCode 130) must not contain a document description.',
    (_n, ix) => !adrWithCode(ix, true).some((a) => has(a, 'cbc:DocumentDescription')),
  ),
];

// ---- UBL-DT: attributes EN 16931 does not use ----------------------------------------------------

const DT_ATTRIBUTES: readonly (readonly [number, string])[] = [
  [8, 'schemeName'],
  [9, 'schemeAgencyName'],
  [10, 'schemeDataURI'],
  [11, 'schemeURI'],
  [12, 'format'],
  [13, 'unitCodeListIdentifier'],
  [14, 'unitCodeListAgencyIdentifier'],
  [15, 'unitCodeListAgencyName'],
  [16, 'listAgencyName'],
  [17, 'listName'],
  [19, 'languageID'],
  [20, 'listURI'],
  [21, 'listSchemeURI'],
  [22, 'languageLocaleID'],
  [23, 'uri'],
  [24, 'currencyCodeListVersionID'],
  [25, 'characterSetCode'],
  [26, 'encodingCode'],
  [27, 'schemeAgencyID'],
  [28, 'listAgencyID'],
];

const BINARY_OBJECTS = memoKey<XNode[]>();

/** `//*[ends-with(name(), 'BinaryObject')]`, shared by UBL-DT-06 and -07. */
const binaryObjects = (ix: UblIndex): readonly XNode[] =>
  ix.memo(BINARY_OBJECTS, () => ix.elements.filter((e) => e.qname.endsWith('BinaryObject')));

const dtRules: Rule[] = [
  ...DT_ATTRIBUTES.map(([n, attr]) =>
    rule(
      `UBL-DT-${String(n).padStart(2, '0')}`,
      'warning',
      [],
      atRoot,
      `Das Attribut ${attr} sollte nicht verwendet werden.`,
      `The attribute ${attr} should not be used.`,
      (_n, ix) => !attributeIndex(ix).has(attr),
    ),
  ),
  rule(
    'UBL-DT-18',
    'warning',
    [],
    atRoot,
    'Das Attribut name sollte nur an cbc:PaymentMeansCode verwendet werden.',
    'The attribute name should only be used on cbc:PaymentMeansCode.',
    (_n, ix) => {
      const all = attributeIndex(ix).get('name') ?? [];
      return all.length - all.filter((e) => hasName(e, 'cbc:PaymentMeansCode')).length <= 0;
    },
  ),
  rule(
    'UBL-DT-01',
    'fatal',
    [],
    (ix) => ix.elements.filter(isAmountDataType),
    'Beträge dürfen höchstens zwei Nachkommastellen haben.',
    'Amounts may have at most two decimal places.',
    (n) => digitsAfterDot(stringValue(n)) <= 2,
  ),
  rule(
    'UBL-DT-06',
    'fatal',
    ['BT-125'],
    binaryObjects,
    'Ein eingebettetes Dokument braucht das Attribut mimeCode.',
    'An embedded binary object needs the mimeCode attribute.',
    (n) => attrValue(n, 'mimeCode') !== null,
  ),
  rule(
    'UBL-DT-07',
    'fatal',
    ['BT-125'],
    binaryObjects,
    'Ein eingebettetes Dokument braucht das Attribut filename.',
    'An embedded binary object needs the filename attribute.',
    (n) => attrValue(n, 'filename') !== null,
  ),
];

/**
 * `//*[ends-with(name(), 'Amount') and not(ends-with(name(),'PriceAmount')) and not(ancestor::cac:Price/cac:AllowanceCharge)]`:
 * name() is the prefixed name as written in the document.
 */
function isAmountDataType(e: XNode): boolean {
  if (!e.qname.endsWith('Amount') || e.qname.endsWith('PriceAmount')) return false;
  for (let p = e.parent; p; p = p.parent) {
    if (hasName(p, 'cac:Price') && p.children.some((c) => hasName(c, 'cac:AllowanceCharge'))) return false;
  }
  return true;
}

// ---- UBL-SR: cardinalities ---------------------------------------------------------------------

const line = pathContext('cac:InvoiceLine|cac:CreditNoteLine');
const payee = everywhere('cac:PayeeParty');
const upperVat = (pts: XNode): boolean => kids(pts, 'cac:TaxScheme').some((ts) => nspOfRaw(ts) === 'VAT');
const upperNotVat = (pts: XNode): boolean => kids(pts, 'cac:TaxScheme').some((ts) => nspOfRaw(ts) !== 'VAT');
/** `upper-case(cbc:ID)` without normalisation (fails on a repeated ID). */
function nspOfRaw(ts: XNode): string {
  const ids = kids(ts, 'cbc:ID');
  if (ids.length > 1) nspOf(ts, 'cbc:ID'); // raises the official failure
  return ids[0] ? stringValue(ids[0]).toUpperCase() : '';
}

/** `(cac:PartyName/cbc:Name) != (../cac:AccountingSupplierParty/.../cbc:RegistrationName)`: some pair differs. */
function payeeNameDiffers(p: XNode): boolean {
  const names = kids(p, 'cac:PartyName/cbc:Name').map(stringValue);
  const seller = p.parent
    ? kids(p.parent, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName').map(
        stringValue,
      )
    : [];
  return names.some((a) => seller.some((b) => a !== b));
}

const distinctValues = (nodes: readonly XNode[]): number => new Set(nodes.map(stringValue)).size;

const srRules: Rule[] = [
  atMost('UBL-SR-01', ['BT-12'], atRoot, 'cac:ContractDocumentReference/cbc:ID', 1, {
    de: 'Die Vertragsnummer (BT-12)',
    en: 'The contract reference (BT-12)',
  }),
  atMost('UBL-SR-02', ['BT-15'], atRoot, 'cac:ReceiptDocumentReference/cbc:ID', 1, {
    de: 'Die Wareneingangsmeldung (BT-15)',
    en: 'The receiving advice reference (BT-15)',
  }),
  atMost('UBL-SR-03', ['BT-16'], atRoot, 'cac:DespatchDocumentReference/cbc:ID', 1, {
    de: 'Die Versandanzeige (BT-16)',
    en: 'The despatch advice reference (BT-16)',
  }),
  rule(
    'UBL-SR-04',
    'fatal',
    ['BT-18'],
    atRoot,
    'Die Objektkennung (BT-18) darf höchstens einmal vorkommen.',
    'The invoiced object identifier (BT-18) may occur at most once.',
    (n) =>
      kids(n, 'cac:AdditionalDocumentReference')
        .filter((a) => kids(a, 'cbc:DocumentTypeCode').some((c) => stringValue(c) === '130'))
        .flatMap((a) => kids(a, 'cbc:ID')).length <= 1,
  ),
  atMost('UBL-SR-05', ['BT-20'], atRoot, 'cac:PaymentTerms/cbc:Note', 1, {
    de: 'Die Zahlungsbedingungen (BT-20)',
    en: 'The payment terms (BT-20)',
  }),
  atMost('UBL-SR-08', ['BG-14'], atRoot, 'cac:InvoicePeriod', 1, {
    de: 'Der Rechnungszeitraum (BG-14)',
    en: 'The invoicing period (BG-14)',
  }),
  atMost(
    'UBL-SR-09',
    ['BT-27'],
    atRoot,
    'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
    1,
    { de: 'Der Name des Verkäufers (BT-27)', en: 'The seller name (BT-27)' },
  ),
  atMost('UBL-SR-10', ['BT-28'], atRoot, 'cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name', 1, {
    de: 'Der Handelsname des Verkäufers (BT-28)',
    en: 'The seller trading name (BT-28)',
  }),
  atMost(
    'UBL-SR-11',
    ['BT-30'],
    atRoot,
    'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID',
    1,
    {
      de: 'Die Registernummer des Verkäufers (BT-30)',
      en: 'The seller legal registration identifier (BT-30)',
    },
  ),
  rule(
    'UBL-SR-12',
    'fatal',
    ['BT-31'],
    atRoot,
    'Die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) darf höchstens einmal vorkommen.',
    'The seller VAT identifier (BT-31) may occur at most once.',
    (n) =>
      kids(n, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme')
        .filter(upperVat)
        .flatMap((p) => kids(p, 'cbc:CompanyID')).length <= 1,
  ),
  rule(
    'UBL-SR-13',
    'fatal',
    ['BT-32'],
    atRoot,
    'Die Steuernummer des Verkäufers (BT-32) darf höchstens einmal vorkommen.',
    'The seller tax registration identifier (BT-32) may occur at most once.',
    (n) =>
      kids(n, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme')
        .filter(upperNotVat)
        .flatMap((p) => kids(p, 'cbc:CompanyID')).length <= 1,
  ),
  atMost(
    'UBL-SR-14',
    ['BT-33'],
    atRoot,
    'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm',
    1,
    {
      de: 'Die weiteren rechtlichen Informationen des Verkäufers (BT-33)',
      en: 'The seller additional legal information (BT-33)',
    },
  ),
  atMost(
    'UBL-SR-15',
    ['BT-44'],
    atRoot,
    'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
    1,
    { de: 'Der Name des Käufers (BT-44)', en: 'The buyer name (BT-44)' },
  ),
  atMost(
    'UBL-SR-16',
    ['BT-46'],
    atRoot,
    'cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID',
    1,
    { de: 'Die Kennung des Käufers (BT-46)', en: 'The buyer identifier (BT-46)' },
  ),
  atMost(
    'UBL-SR-17',
    ['BT-47'],
    atRoot,
    'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID',
    1,
    { de: 'Die Registernummer des Käufers (BT-47)', en: 'The buyer legal registration identifier (BT-47)' },
  ),
  rule(
    'UBL-SR-18',
    'fatal',
    ['BT-48'],
    atRoot,
    'Die Umsatzsteuer-Identifikationsnummer des Käufers (BT-48) darf höchstens einmal vorkommen.',
    'The buyer VAT identifier (BT-48) may occur at most once.',
    (n) =>
      kids(n, 'cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme')
        .filter(upperVat)
        .flatMap((p) => kids(p, 'cbc:CompanyID')).length <= 1,
  ),
  rule(
    'UBL-SR-19',
    'fatal',
    ['BT-59'],
    payee,
    'Der Name des Zahlungsempfängers (BT-59) darf höchstens einmal vorkommen und muss vom Namen des Verkäufers abweichen.',
    'The payee name (BT-59) may occur at most once and must differ from the seller name.',
    (n) => count(n, 'cac:PartyName/cbc:Name') <= 1 && payeeNameDiffers(n),
  ),
  rule(
    'UBL-SR-20',
    'fatal',
    ['BT-60'],
    payee,
    'Die Kennung des Zahlungsempfängers (BT-60) darf höchstens einmal vorkommen, wenn er vom Verkäufer abweicht.',
    'The payee identifier (BT-60) may occur at most once when the payee differs from the seller.',
    (n) =>
      kids(n, 'cac:PartyIdentification/cbc:ID').filter(
        (id) => (attrValue(id, 'schemeID') ?? '').toUpperCase() !== 'SEPA',
      ).length <= 1 && payeeNameDiffers(n),
  ),
  rule(
    'UBL-SR-21',
    'fatal',
    ['BT-61'],
    payee,
    'Die Registernummer des Zahlungsempfängers (BT-61) darf höchstens einmal vorkommen, wenn er vom Verkäufer abweicht.',
    'The payee legal registration identifier (BT-61) may occur at most once when the payee differs from the seller.',
    (n) => count(n, 'cac:PartyLegalEntity/cbc:CompanyID') <= 1 && payeeNameDiffers(n),
  ),
  atMost('UBL-SR-22', ['BT-62'], everywhere('cac:TaxRepresentativeParty'), 'cac:PartyName/cbc:Name', 1, {
    de: 'Der Name des Steuervertreters (BT-62)',
    en: 'The tax representative name (BT-62)',
  }),
  // The official path starts with cac:Party below the representative, which UBL does not have, so it always holds.
  atMost(
    'UBL-SR-23',
    ['BT-63'],
    everywhere('cac:TaxRepresentativeParty'),
    'cac:Party/cac:PartyTaxScheme/cbc:CompanyID',
    1,
    {
      de: 'Die Umsatzsteuer-Identifikationsnummer des Steuervertreters (BT-63)',
      en: 'The tax representative VAT identifier (BT-63)',
    },
  ),
  atMost('UBL-SR-24', ['BG-13'], atRoot, 'cac:Delivery', 1, {
    de: 'Die Lieferinformation (BG-13)',
    en: 'The delivery information (BG-13)',
  }),
  atMost('UBL-SR-25', ['BT-70'], everywhere('cac:Delivery'), 'cac:DeliveryParty/cac:PartyName/cbc:Name', 1, {
    de: 'Der Name des Empfängers der Lieferung (BT-70)',
    en: 'The deliver-to party name (BT-70)',
  }),
  atMost('UBL-SR-26', ['BT-83'], everywhere('cac:PaymentMeans'), 'cbc:PaymentID', 1, {
    de: 'Der Verwendungszweck (BT-83)',
    en: 'The remittance information (BT-83)',
  }),
  atMost('UBL-SR-27', ['BT-81'], everywhere('cac:PaymentMeans'), 'cbc:PaymentMeansCode', 1, {
    de: 'Der Code der Zahlungsart (BT-81)',
    en: 'The payment means code (BT-81)',
  }),
  atMost('UBL-SR-28', ['BT-89'], everywhere('cac:PaymentMeans'), 'cac:PaymentMandate/cbc:ID', 1, {
    de: 'Die Mandatsreferenz (BT-89)',
    en: 'The mandate reference (BT-89)',
  }),
  rule(
    'UBL-SR-29',
    'fatal',
    ['BT-90'],
    atRoot,
    'Die Gläubiger-Identifikationsnummer (BT-90, schemeID SEPA) darf höchstens einmal vorkommen.',
    'The bank assigned creditor identifier (BT-90, schemeID SEPA) may occur at most once.',
    (_n, ix) =>
      pathContext('cac:PartyIdentification/cbc:ID')(ix).filter(
        (id) =>
          (attrValue(id, 'schemeID') ?? '').toUpperCase() === 'SEPA' && attrValue(id, 'schemeID') !== null,
      ).length <= 1,
  ),
  atMost(
    'UBL-SR-30',
    ['BT-97'],
    (ix) => ix.named('cac:AllowanceCharge').filter(matchSafe((a: XNode) => chargeIs(a, false))),
    'cbc:AllowanceChargeReason',
    1,
    { de: 'Der Grund eines Nachlasses (BT-97)', en: 'The allowance reason (BT-97)' },
  ),
  atMost(
    'UBL-SR-31',
    ['BT-104'],
    (ix) => ix.named('cac:AllowanceCharge').filter(matchSafe((a: XNode) => chargeIs(a, true))),
    'cbc:AllowanceChargeReason',
    1,
    { de: 'Der Grund eines Zuschlags (BT-104)', en: 'The charge reason (BT-104)' },
  ),
  atMost(
    'UBL-SR-32',
    ['BT-120'],
    everywhere('cac:TaxSubtotal'),
    'cac:TaxCategory/cbc:TaxExemptionReason',
    1,
    { de: 'Der Befreiungsgrund (BT-120)', en: 'The VAT exemption reason (BT-120)' },
  ),
  atMost(
    'UBL-SR-33',
    ['BT-123'],
    everywhere('cac:AdditionalDocumentReference'),
    'cbc:DocumentDescription',
    1,
    { de: 'Die Beschreibung des Dokuments (BT-123)', en: 'The supporting document description (BT-123)' },
  ),
  atMost('UBL-SR-34', ['BT-127'], line, 'cbc:Note', 1, {
    de: 'Die Positionsbemerkung (BT-127)',
    en: 'The invoice line note (BT-127)',
  }),
  atMost('UBL-SR-35', ['BT-132'], line, 'cac:OrderLineReference/cbc:LineID', 1, {
    de: 'Die Bestellpositionsnummer (BT-132)',
    en: 'The referenced purchase order line (BT-132)',
  }),
  atMost('UBL-SR-36', ['BG-26'], line, 'cac:InvoicePeriod', 1, {
    de: 'Der Abrechnungszeitraum der Position (BG-26)',
    en: 'The invoice line period (BG-26)',
  }),
  atMost('UBL-SR-37', ['BT-147'], line, 'cac:Price/cac:AllowanceCharge/cbc:Amount', 1, {
    de: 'Der Preisnachlass (BT-147)',
    en: 'The item price discount (BT-147)',
  }),
  atMost('UBL-SR-39', ['BT-11'], atRoot, 'cac:ProjectReference/cbc:ID', 1, {
    de: 'Die Projektreferenz (BT-11)',
    en: 'The project reference (BT-11)',
  }),
  atMost('UBL-SR-40', ['BT-45'], atRoot, 'cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name', 1, {
    de: 'Der Handelsname des Käufers (BT-45)',
    en: 'The buyer trading name (BT-45)',
  }),
  atMost(
    'UBL-SR-42',
    ['BT-31', 'BT-32'],
    pathContext('cac:AccountingSupplierParty/cac:Party'),
    'cac:PartyTaxScheme',
    2,
    { de: 'cac:PartyTaxScheme des Verkäufers', en: 'The seller cac:PartyTaxScheme' },
  ),
  rule(
    'UBL-SR-43',
    'fatal',
    ['BT-18-1'],
    everywhere('cac:AdditionalDocumentReference'),
    'Ein Schema (schemeID) ist nur für Objektkennungen (DocumentTypeCode 130, bei Gutschriften auch 50) erlaubt.',
    'A scheme identifier (schemeID) is only allowed for invoiced object identifiers (DocumentTypeCode 130, or 50 in credit notes).',
    (n, ix) => {
      const code = (v: string): boolean => kids(n, 'cbc:DocumentTypeCode').some((c) => stringValue(c) === v);
      return (
        code('130') ||
        (ix.root.local === 'CreditNote' && code('50')) ||
        (!kids(n, 'cbc:ID').some((id) => attrValue(id, 'schemeID') !== null) &&
          !has(n, 'cbc:DocumentTypeCode'))
      );
    },
  ),
  rule(
    'UBL-SR-44',
    'fatal',
    ['BT-83'],
    atRoot,
    'Eine Rechnung darf nur einen Verwendungszweck (BT-83) haben; er darf bei mehreren Zahlungsanweisungen wiederholt werden.',
    'An invoice may have only one remittance information value (BT-83); it may repeat across payment instructions.',
    (_n, ix) => distinctValues(ix.named('cbc:PaymentID')) <= 1,
  ),
  atMost('UBL-SR-45', ['BT-9'], atRoot, 'cac:PaymentMeans/cbc:PaymentDueDate', 1, {
    de: 'Das Fälligkeitsdatum (BT-9)',
    en: 'The payment due date (BT-9)',
  }),
  rule(
    'UBL-SR-46',
    'fatal',
    ['BT-82'],
    atRoot,
    'Der Text zur Zahlungsart (BT-82) darf höchstens einmal vorkommen.',
    'The payment means text (BT-82) may occur at most once.',
    (n) =>
      kids(n, 'cac:PaymentMeans/cbc:PaymentMeansCode').filter((c) => attrValue(c, 'name') !== null).length <=
      1,
  ),
  rule(
    'UBL-SR-47',
    'fatal',
    ['BT-81'],
    atRoot,
    'Mehrere Codes der Zahlungsart (BT-81) müssen gleich sein.',
    'Several payment means codes (BT-81) must be equal.',
    (_n, ix) => distinctValues(ix.named('cbc:PaymentMeansCode')) <= 1,
  ),
  rule(
    'UBL-SR-48',
    'fatal',
    ['BT-151'],
    line,
    'Jede Rechnungsposition braucht genau eine Umsatzsteuer-Kategorie (cac:ClassifiedTaxCategory).',
    'Each invoice line needs exactly one classified tax category (cac:ClassifiedTaxCategory).',
    (n) => count(n, 'cac:Item/cac:ClassifiedTaxCategory') === 1,
  ),
  atMost('UBL-SR-49', ['BT-8'], atRoot, 'cac:InvoicePeriod/cbc:DescriptionCode', 1, {
    de: 'Der Code für das Steuerfälligkeitsdatum (BT-8)',
    en: 'The VAT point date code (BT-8)',
  }),
  atMost('UBL-SR-50', ['BT-154'], line, 'cac:Item/cbc:Description', 1, {
    de: 'Die Artikelbeschreibung (BT-154)',
    en: 'The item description (BT-154)',
  }),
  rule(
    'UBL-SR-51',
    'fatal',
    ['BT-163'],
    (ix) => [...ix.named('cac:PostalAddress'), ...ix.named('cac:Address')],
    'Eine Anschrift darf höchstens eine dritte Adresszeile (cac:AddressLine) haben.',
    'An address may have at most one third address line (cac:AddressLine).',
    (n) => count(n, 'cac:AddressLine') <= 1,
  ),
  atMost('UBL-SR-52', ['BG-25'], line, 'cac:DocumentReference', 1, {
    de: 'Der Dokumentverweis der Position',
    en: 'The invoice line document reference',
  }),
  rule(
    'UBL-SR-53',
    'fatal',
    ['BT-31', 'BT-48', 'BT-63'],
    everywhere('cac:PartyTaxScheme'),
    'Wird cac:PartyTaxScheme/cac:TaxScheme/cbc:ID angegeben, muss auch die Steuerkennung (cbc:CompanyID) angegeben sein.',
    'When cac:PartyTaxScheme/cac:TaxScheme/cbc:ID is given, the tax identifier (cbc:CompanyID) must be given too.',
    (n) => has(n, 'cac:TaxScheme/cbc:ID') && has(n, 'cbc:CompanyID'),
  ),
  rule(
    'UBL-SR-06',
    'fatal',
    ['BG-3'],
    everywhere('cac:BillingReference'),
    'Ein Verweis auf eine vorausgegangene Rechnung darf nur eine Rechnung nennen.',
    'A preceding invoice reference may name only one invoice.',
    (n) => count(n, 'cac:InvoiceDocumentReference') <= 1,
  ),
  rule(
    'UBL-SR-07',
    'fatal',
    ['BT-25'],
    everywhere('cac:BillingReference'),
    'Ein Verweis auf eine vorausgegangene Rechnung braucht die Rechnungsnummer (BT-25).',
    'A preceding invoice reference needs the preceding invoice number (BT-25).',
    (n) => has(n, 'cac:InvoiceDocumentReference/cbc:ID'),
  ),
];

export const syntaxRules: readonly Rule[] = [
  ...srRules,
  ...dtRules,
  ...CR_PATHS.map((e, i) => crRule(e.id, e.path, i)),
  ...specialCr,
];
