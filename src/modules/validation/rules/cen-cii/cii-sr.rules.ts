import type { XNode } from '../../xml/xnode.js';
import type { AssertDef } from './pattern.js';
import {
  cached,
  compilePath,
  countCompiled,
  has,
  kid,
  kids,
  parentIs,
  path,
  type CiiIndex,
  type CompiledPath,
} from './cii-index.js';
import { SYNTAX_CONTEXTS } from './syntax-contexts.js';
import { indicatorIs, nsv, sv } from './cii-xpath.js';
import { flagged } from './assert.js';
import { CII_SR_TABLE } from './cii-sr.table.js';

/** CII syntax restrictions CII-SR-*: the data table plus the few rules with real logic. */

/**
 * "Should not be present" entries, grouped per context as a trie of their paths. Per
 * document the children of each context node are walked once against the trie, instead of
 * every one of the ~400 entries searching the node on its own; a rule then only looks up
 * whether its context node was hit.
 */
interface Trie {
  /** Slots (see absentSlot) of the entries whose path ends here. */
  readonly ids: number[];
  /** Child steps by local name (then namespace): no key strings are built per element. */
  readonly next: Map<string, TrieEdge[]>;
}
interface TrieEdge {
  readonly ns: string;
  readonly trie: Trie;
}
const ABSENT = new Map<string, Trie>();
let absentSlots = 0;

function addAbsent(ctx: string, slot: number, compiled: CompiledPath): void {
  let t: Trie = ABSENT.get(ctx) ?? { ids: [], next: new Map() };
  ABSENT.set(ctx, t);
  for (const step of compiled) {
    let edges: TrieEdge[] | undefined = t.next.get(step.local);
    if (!edges) t.next.set(step.local, (edges = []));
    let edge: TrieEdge | undefined = edges.find((e) => e.ns === step.ns);
    if (!edge) edges.push((edge = { ns: step.ns, trie: { ids: [], next: new Map() } }));
    t = edge.trie;
  }
  t.ids.push(slot);
}

/** The tries paired with their contexts, looked up once (the table is fixed at load). */
let absentContexts: Array<{ select: (idx: CiiIndex) => readonly XNode[]; trie: Trie }> | null = null;

/**
 * Per document: for every "should not be present" entry (by slot), the context nodes in
 * which its path was found; undefined when none. Kept for the last document at hand,
 * because the entries ask one after another.
 */
let lastHitsIdx: CiiIndex | null = null;
let lastHits: Array<Set<XNode> | undefined> = [];

function absentHits(idx: CiiIndex): Array<Set<XNode> | undefined> {
  if (idx === lastHitsIdx) return lastHits;
  const hits = cached(idx, 'sr:absent', () => {
    if (!absentContexts) {
      absentContexts = [...ABSENT].map(([key, trie]) => {
        const context = SYNTAX_CONTEXTS.find((c) => c.key === key);
        if (!context) throw new Error(`CII-SR table: unknown context ${key}`);
        return { select: context.select, trie };
      });
    }
    const found: Array<Set<XNode> | undefined> = new Array<Set<XNode> | undefined>(absentSlots);
    const walk = (ctxNode: XNode, n: XNode, trie: Trie): void => {
      for (const c of n.children) {
        const edges = trie.next.get(c.local);
        if (!edges) continue;
        for (const e of edges) {
          if (e.ns !== c.ns) continue;
          const t = e.trie;
          for (const slot of t.ids) (found[slot] ??= new Set()).add(ctxNode);
          if (t.next.size) walk(ctxNode, c, t);
        }
      }
    };
    for (const { select, trie } of absentContexts) for (const n of select(idx)) walk(n, n, trie);
    return found;
  });
  lastHitsIdx = idx;
  return (lastHits = hits);
}

/**
 * A table path compiled once: how many nodes (or attribute owners, for a final '@name'
 * step) it reaches from a context node.
 */
function counter(p: string): (n: XNode) => number {
  const at = p.lastIndexOf('/@');
  if (at < 0) {
    const compiled = compilePath(p);
    return (n) => countCompiled(n, compiled);
  }
  const owner = p.slice(0, at);
  const name = p.slice(at + 2);
  return (n) => path(n, owner).filter((e) => e.attrs.some((a) => a.local === name && a.ns === '')).length;
}

const NO_NODES: readonly XNode[] = [];

/** The failing context nodes of a per-node test, allocating only when one fails. */
function failingOf(ok: (n: XNode) => boolean): (nodes: readonly XNode[]) => readonly XNode[] {
  return (nodes) => {
    let out: XNode[] | null = null;
    for (const n of nodes) if (!ok(n)) (out ??= []).push(n);
    return out ?? NO_NODES;
  };
}

interface TableTest {
  readonly test: (n: XNode, env: { idx: CiiIndex }) => boolean;
  readonly failing: (nodes: readonly XNode[], idx: CiiIndex) => readonly XNode[];
}

/** The "should not be present" test of one entry. */
function absent(ctx: string, p: string): TableTest {
  if (p.includes('@')) {
    const count = counter(p);
    const ok = (n: XNode) => count(n) === 0;
    return { test: ok, failing: failingOf(ok) };
  }
  const slot = absentSlots++;
  addAbsent(ctx, slot, compilePath(p));
  return {
    test: (n, env) => !absentHits(env.idx)[slot]?.has(n),
    failing: (nodes, idx) => {
      const hit = absentHits(idx)[slot];
      return hit ? nodes.filter((n) => hit.has(n)) : NO_NODES;
    },
  };
}

/** A count test of one entry. */
function counted(ok: (n: XNode) => boolean): TableTest {
  return { test: ok, failing: failingOf(ok) };
}

function lastName(p: string): string {
  const parts = p.split('/');
  return parts[parts.length - 1].replace(/^(udt|rsm):/, '');
}

function fromTable(): AssertDef[] {
  const out: AssertDef[] = [];
  for (const line of CII_SR_TABLE.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const [id, f, ctx, op, p] = t.split(/\s+/);
    const flag = f === 'f' ? 'fatal' : 'warning';
    const name = lastName(p);
    // Name the element; the path says where it sits when it is not a direct child.
    const where = p.includes('/') ? ` (${p})` : '';
    const mustEn = flag === 'fatal' ? 'must' : 'should';
    const mustDe = flag === 'fatal' ? 'darf' : 'sollte';
    const count = counter(p);
    let tt: TableTest;
    let en: string;
    let de: string;
    if (op === '!') {
      tt = absent(ctx, p);
      en = `${name} ${mustEn} not be present${where}; remove it.`;
      de = `${name} ${mustDe} nicht angegeben werden${where}; bitte entfernen.`;
    } else if (op === '<=1') {
      tt = counted((n) => count(n) <= 1);
      en = `${name} ${mustEn} occur at most once${where}.`;
      de = `${name} ${mustDe} höchstens einmal vorkommen${where}.`;
    } else if (op === '=1') {
      tt = counted((n) => count(n) === 1);
      en = `${name} must occur exactly once${where}.`;
      de = `${name} muss genau einmal vorkommen${where}.`;
    } else {
      throw new Error(`CII-SR table: unknown test '${op}' in ${id}`);
    }
    out.push({ ...flagged(flag, ctx, id, en, de, tt.test), failing: tt.failing });
  }
  return out;
}

/** not(X/ID and X/GlobalID): only one kind of party identifier. */
const oneIdentifier = (party: string) => (n: XNode) =>
  !(has(n, `${party}/ID`) && has(n, `${party}/GlobalID`));

/** count(//X[normalize-space(.) != normalize-space((//X)[1])]) = 0 */
function allEqual(values: readonly string[]): boolean {
  return values.every((v) => v === values[0]);
}

const isDocTypeIn = (codes: readonly string[]) => (d: XNode) =>
  kids(d, 'TypeCode').some((t) => codes.includes(nsv(t)));

export const CII_SR_RULES: readonly AssertDef[] = [
  ...fromTable(),
  flagged(
    'fatal',
    'product',
    'CII-SR-046',
    'schemeID must be present if GlobalID (BT-157) is present.',
    'Ist eine Artikelkennung (BT-157) angegeben, muss schemeID angegeben sein.',
    (n) => {
      const ids = kids(n, 'GlobalID');
      return ids.length === 0 || ids.some((g) => g.attrs.some((a) => a.local === 'schemeID' && a.ns === ''));
    },
  ),
  flagged(
    'fatal',
    'product',
    'CII-SR-090',
    'The country of origin ID (BT-159) must occur exactly once in OriginTradeCountry.',
    'Die Kennung des Herkunftslandes (BT-159) muss in OriginTradeCountry genau einmal vorkommen.',
    (n) => !kid(n, 'OriginTradeCountry') || path(n, 'OriginTradeCountry/ID').length === 1,
  ),
  flagged(
    'warning',
    'line-agreement',
    'CII-SR-119',
    'Only allowances on the price should be present (BT-147).',
    'Am Preis sollten nur Nachlässe angegeben werden (BT-147).',
    (n) => {
      const ac = 'GrossPriceProductTradePrice/AppliedTradeAllowanceCharge';
      const allowance = indicatorIs(path(n, `${ac}/ChargeIndicator/udt:Indicator`), false);
      const amount = has(n, `${ac}/ActualAmount`);
      return (allowance && amount) || (!has(n, `${ac}/ChargeIndicator`) && !amount);
    },
  ),
  flagged(
    'warning',
    'header-delivery',
    'CII-SR-449',
    'Only one delivery location identifier should be present (either the ID or the Global ID, BT-71).',
    'Es sollte nur eine Lieferortkennung angegeben werden (ID oder GlobalID, BT-71).',
    oneIdentifier('ShipToTradeParty'),
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-450',
    'Only one buyer identifier should be present (either the ID or the Global ID, BT-46).',
    'Es sollte nur eine Käuferkennung angegeben werden (ID oder GlobalID, BT-46).',
    oneIdentifier('BuyerTradeParty'),
  ),
  flagged(
    'warning',
    'header-settlement',
    'CII-SR-451',
    'Only one payee identifier should be present (either the ID or the Global ID, BT-60).',
    'Es sollte nur eine Kennung des Zahlungsempfängers angegeben werden (ID oder GlobalID, BT-60).',
    oneIdentifier('PayeeTradeParty'),
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-457',
    'An additional document with TypeCode 50 (tender or lot reference, BT-17) should exist at most once.',
    'Ein Dokument mit TypeCode 50 (Vergabe- oder Losreferenz, BT-17) sollte höchstens einmal vorkommen.',
    (n) =>
      kids(n, 'AdditionalReferencedDocument').filter((d) => kids(d, 'TypeCode').some((t) => sv(t) === '50'))
        .length <= 1,
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-458',
    'An additional document with TypeCode 130 (invoiced object identifier, BT-18) should exist at most once.',
    'Ein Dokument mit TypeCode 130 (Objektkennung, BT-18) sollte höchstens einmal vorkommen.',
    (n) =>
      kids(n, 'AdditionalReferencedDocument').filter((d) => kids(d, 'TypeCode').some((t) => sv(t) === '130'))
        .length <= 1,
  ),
  flagged(
    'fatal',
    'header-settlement',
    'CII-SR-462',
    'All Value added tax point date codes (BT-8) shall have the same value.',
    'Alle Codes für das Steuerdatum (BT-8) müssen denselben Wert haben.',
    (_n, e) => {
      const codes = e.idx
        .ram('DueDateTypeCode')
        .filter((c) => parentIs(c, 'ApplicableTradeTax'))
        .map(sv);
      return codes.length === 0 || new Set(codes).size === 1;
    },
  ),
  flagged(
    'fatal',
    'allowance-charge',
    'CII-SR-463',
    'Each allowance or charge (BG-20, BG-21, BG-27, BG-28) shall contain a Charge Indicator.',
    'Jeder Nachlass oder Zuschlag (BG-20, BG-21, BG-27, BG-28) muss einen ChargeIndicator enthalten.',
    (n) => !!kid(n, 'ChargeIndicator'),
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-465',
    'Only one Seller contact point (BT-41) is allowed: not both PersonName and DepartmentName.',
    'Nur ein Kontakt des Verkäufers (BT-41) ist erlaubt: nicht PersonName und DepartmentName zugleich.',
    (n) =>
      !(
        has(n, 'SellerTradeParty/DefinedTradeContact/PersonName') &&
        has(n, 'SellerTradeParty/DefinedTradeContact/DepartmentName')
      ),
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-466',
    'Only one Buyer contact point (BT-56) is allowed: not both PersonName and DepartmentName.',
    'Nur ein Kontakt des Käufers (BT-56) ist erlaubt: nicht PersonName und DepartmentName zugleich.',
    (n) =>
      !(
        has(n, 'BuyerTradeParty/DefinedTradeContact/PersonName') &&
        has(n, 'BuyerTradeParty/DefinedTradeContact/DepartmentName')
      ),
  ),
  flagged(
    'fatal',
    'root',
    'CII-SR-467',
    'All Payment means type codes (BT-81) shall have the same value.',
    'Alle Codes für die Zahlungsart (BT-81) müssen denselben Wert haben.',
    (_n, e) =>
      allEqual(
        e.idx
          .ram('SpecifiedTradeSettlementPaymentMeans')
          .flatMap((p) => kids(p, 'TypeCode'))
          .map(nsv),
      ),
  ),
  flagged(
    'fatal',
    'root',
    'CII-SR-468',
    'All Payment means texts (BT-82) shall have the same value.',
    'Alle Texte zur Zahlungsart (BT-82) müssen denselben Wert haben.',
    (_n, e) =>
      allEqual(
        e.idx
          .ram('SpecifiedTradeSettlementPaymentMeans')
          .flatMap((p) => kids(p, 'Information'))
          .map(nsv),
      ),
  ),
  flagged(
    'fatal',
    'root',
    'CII-SR-469',
    'The Payment reference (BT-83) shall occur at most once.',
    'Der Verwendungszweck (BT-83) darf höchstens einmal vorkommen.',
    (_n, e) =>
      e.idx.ram('PaymentReference').filter((p) => parentIs(p, 'ApplicableHeaderTradeSettlement')).length <= 1,
  ),
  flagged(
    'fatal',
    'header-settlement',
    'CII-SR-470',
    'For a credit transfer (BT-81 = 30 or 58) either the IBAN or a proprietary ID (BT-84) shall be used.',
    'Bei Überweisung (BT-81 = 30 oder 58) muss die IBAN oder eine proprietäre Kontokennung (BT-84) angegeben werden.',
    (n) =>
      !kids(n, 'SpecifiedTradeSettlementPaymentMeans').some(
        (pm) =>
          kids(pm, 'TypeCode').some((t) => nsv(t) === '30' || nsv(t) === '58') &&
          !(
            has(pm, 'PayeePartyCreditorFinancialAccount/IBANID') ||
            has(pm, 'PayeePartyCreditorFinancialAccount/ProprietaryID')
          ),
      ),
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-474',
    'The scheme of the invoiced object identifier (BT-18-1) should occur only once among the documents with TypeCode 130.',
    'Die Schemakennung der Objektkennung (BT-18-1) sollte unter den Dokumenten mit TypeCode 130 nur einmal vorkommen.',
    (n) =>
      kids(n, 'AdditionalReferencedDocument')
        .filter(isDocTypeIn(['130']))
        .flatMap((d) => kids(d, 'ReferenceTypeCode')).length <= 1,
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-475',
    'The name of an attached document (BT-123) should occur only once among the supporting documents with TypeCode 916.',
    'Die Beschreibung eines Anhangs (BT-123) sollte unter den Dokumenten mit TypeCode 916 nur einmal vorkommen.',
    (n) =>
      kids(n, 'AdditionalReferencedDocument')
        .filter(isDocTypeIn(['916']))
        .flatMap((d) => kids(d, 'Name')).length <= 1,
  ),
  flagged(
    'warning',
    'header-agreement',
    'CII-SR-476',
    'An attached document (BT-125) should occur only once among the supporting documents with TypeCode 916.',
    'Ein eingebetteter Anhang (BT-125) sollte unter den Dokumenten mit TypeCode 916 nur einmal vorkommen.',
    (n) =>
      kids(n, 'AdditionalReferencedDocument')
        .filter(isDocTypeIn(['916']))
        .flatMap((d) => kids(d, 'AttachmentBinaryObject')).length <= 1,
  ),
];
