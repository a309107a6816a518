import type { XNode } from '../../xml/xnode.js';
import { NS } from '../../xml/xnode.js';
import type { AssertDef } from './pattern.js';
import { compilePath, existsCompiled, hasAncestor, kids } from './cii-index.js';
import { sv } from './cii-xpath.js';
import { flagged } from './assert.js';

/** CII data type restrictions CII-DT-*: attributes and children the binding does not use. */

const hasAttr = (n: XNode, name: string) => n.attrs.some((a) => a.local === name && a.ns === '');

function noAttr(ctx: string, id: string, attr: string, fatal = true): AssertDef {
  return flagged(
    fatal ? 'fatal' : 'warning',
    ctx,
    id,
    `Attribute @${attr} should not be present.`,
    `Das Attribut @${attr} sollte nicht angegeben werden.`,
    (n) => !hasAttr(n, attr),
  );
}

function noChild(
  ctx: string,
  id: string,
  child: string,
  fatal: boolean,
  unless?: (n: XNode) => boolean,
): AssertDef {
  const name = child.replace(/^udt:/, '').split('/').pop()!;
  const compiled = compilePath(child);
  return flagged(
    fatal ? 'fatal' : 'warning',
    ctx,
    id,
    `${name} shall not be used here (${child}).`,
    `${name} darf hier nicht verwendet werden (${child}).`,
    (n) => !existsCompiled(n, compiled) || (!!unless && unless(n)),
  );
}

const isSelf = (local: string) => (n: XNode) => n.local === local && n.ns === NS.ram;
const typeCodeIs =
  (...codes: string[]) =>
  (n: XNode) =>
    kids(n, 'TypeCode').some((t) => codes.includes(sv(t)));
const inHeaderSettlement = (n: XNode) => hasAncestor(n, 'ApplicableHeaderTradeSettlement');

/** XPath \d is any Unicode decimal digit; the dates of real documents use ASCII, so \p{Nd} keeps parity. */
const DATE_102 = /^[ \t\n\r]*(\p{Nd}{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])[ \t\n\r]*$/u;

export const CII_DT_RULES: readonly AssertDef[] = [
  noAttr('root', 'CII-DT-013', 'languageID'),
  noAttr('root', 'CII-DT-014', 'languageLocaleID'),
  noAttr('scoped-id', 'CII-DT-001', 'schemeName'),
  noAttr('scoped-id', 'CII-DT-002', 'schemeAgencyName'),
  noAttr('scoped-id', 'CII-DT-003', 'schemeDataURI'),
  noAttr('scoped-id', 'CII-DT-004', 'schemeURI'),
  noAttr('scoped-id', 'CII-DT-005', 'schemeID'),
  noAttr('scoped-id', 'CII-DT-006', 'schemeAgencyID'),
  noAttr('scoped-id', 'CII-DT-007', 'schemeVersionID'),
  noAttr('any-id', 'CII-DT-101', 'schemeName'),
  noAttr('any-id', 'CII-DT-102', 'schemeAgencyName'),
  noAttr('any-id', 'CII-DT-103', 'schemeDataURI'),
  noAttr('any-id', 'CII-DT-104', 'schemeURI'),
  noAttr('type-code', 'CII-DT-008', 'name'),
  noAttr('type-code', 'CII-DT-009', 'listURI'),
  noAttr('document-type-code', 'CII-DT-010', 'listID'),
  noAttr('document-type-code', 'CII-DT-011', 'listAgencyID'),
  noAttr('document-type-code', 'CII-DT-012', 'listVersionID'),
  noAttr('line-category', 'CII-DT-045', 'listID', false),
  noAttr('line-category', 'CII-DT-046', 'listAgencyID', false),
  noAttr('line-category', 'CII-DT-047', 'listVersionID', false),
  noAttr('line-category', 'CII-DT-048', 'listURI', false),
  noChild(
    'referenced-document',
    'CII-DT-015',
    'URIID',
    true,
    (n) => isSelf('AdditionalReferencedDocument')(n) && typeCodeIs('916')(n),
  ),
  noChild('referenced-document', 'CII-DT-016', 'StatusCode', true),
  noChild('referenced-document', 'CII-DT-017', 'CopyIndicator', true),
  noChild(
    'referenced-document',
    'CII-DT-018',
    'TypeCode',
    true,
    (n) => isSelf('AdditionalReferencedDocument')(n) && typeCodeIs('50', '130', '916')(n),
  ),
  noChild('referenced-document', 'CII-DT-019', 'GlobalID', true),
  noChild('referenced-document', 'CII-DT-020', 'RevisionID', true),
  noChild(
    'referenced-document',
    'CII-DT-021',
    'Name',
    true,
    (n) => isSelf('AdditionalReferencedDocument')(n) && typeCodeIs('916')(n),
  ),
  noChild(
    'referenced-document',
    'CII-DT-022',
    'AttachmentBinaryObject',
    true,
    (n) => isSelf('AdditionalReferencedDocument')(n) && typeCodeIs('916')(n),
  ),
  noChild('referenced-document', 'CII-DT-023', 'Information', true),
  noChild(
    'referenced-document',
    'CII-DT-024',
    'ReferenceTypeCode',
    true,
    (n) => isSelf('AdditionalReferencedDocument')(n) && typeCodeIs('130')(n),
  ),
  noChild('referenced-document', 'CII-DT-025', 'SectionName', true),
  noChild('referenced-document', 'CII-DT-026', 'PreviousRevisionID', true),
  noChild(
    'referenced-document',
    'CII-DT-027',
    'FormattedIssueDateTime',
    true,
    isSelf('InvoiceReferencedDocument'),
  ),
  noChild('referenced-document', 'CII-DT-028', 'EffectiveSpecifiedPeriod', true),
  noChild('referenced-document', 'CII-DT-029', 'IssuerTradeParty', true),
  noChild('referenced-document', 'CII-DT-030', 'AttachedSpecifiedBinaryFile', true),
  noAttr('amount', 'CII-DT-031', 'currencyID'),
  noAttr('amount', 'CII-DT-032', 'currencyCodeListVersionID'),
  flagged(
    'fatal',
    'quantity',
    'CII-DT-033',
    'Attribute @unitCode should not be present here.',
    'Das Attribut @unitCode sollte hier nicht angegeben werden.',
    (n, e) =>
      !hasAttr(n, 'unitCode') ||
      e.idx
        .ram('BilledQuantity')
        .some(
          (q) =>
            hasAttr(q, 'unitCode') &&
            q.parent?.local === 'SpecifiedLineTradeDelivery' &&
            q.parent.parent?.local === 'IncludedSupplyChainTradeLineItem' &&
            q.parent.parent.parent?.local === 'SupplyChainTradeTransaction' &&
            q.parent.parent.parent.parent === e.idx.root &&
            e.idx.isCii,
        ),
  ),
  noAttr('quantity', 'CII-DT-034', 'unitCodeListID'),
  noAttr('quantity', 'CII-DT-035', 'unitCodeListAgencyID'),
  noAttr('quantity', 'CII-DT-036', 'unitCodeListAgencyName'),
  flagged(
    'fatal',
    'trade-tax',
    'CII-DT-037',
    "TypeCode shall be 'VAT'.",
    "TypeCode muss 'VAT' sein.",
    (n) => {
      const codes = kids(n, 'TypeCode');
      return codes.length === 0 || codes.some((c) => sv(c) === 'VAT');
    },
  ),
  noChild('trade-tax', 'CII-DT-038', 'CalculatedRate', false),
  noChild('trade-tax', 'CII-DT-039', 'CalculationSequenceNumeric', false),
  noChild('trade-tax', 'CII-DT-040', 'BasisQuantity', false),
  noChild('trade-tax', 'CII-DT-041', 'BasisAmount', false, inHeaderSettlement),
  noChild('trade-tax', 'CII-DT-042', 'UnitBasisAmount', false),
  noChild('trade-tax', 'CII-DT-043', 'LineTotalBasisAmount', false),
  noChild('trade-tax', 'CII-DT-044', 'AllowanceChargeBasisAmount', false),
  noChild('trade-tax', 'CII-DT-049', 'CurrencyCode', false),
  noChild('trade-tax', 'CII-DT-050', 'Jurisdiction', false),
  noChild('trade-tax', 'CII-DT-051', 'CustomsDutyIndicator', false),
  noChild('trade-tax', 'CII-DT-052', 'ExemptionReasonCode', false, isSelf('ApplicableTradeTax')),
  noChild('trade-tax', 'CII-DT-098', 'ExemptionReason', false, isSelf('ApplicableTradeTax')),
  noChild('trade-tax', 'CII-DT-053', 'TaxBasisAllowanceRate', false),
  noChild('trade-tax', 'CII-DT-054', 'TaxPointDate', false, inHeaderSettlement),
  noChild('trade-tax', 'CII-DT-055', 'Type', false),
  noChild('trade-tax', 'CII-DT-056', 'InformationAmount', false),
  noChild('trade-tax', 'CII-DT-057', 'CategoryName', false),
  noChild('trade-tax', 'CII-DT-058', 'DueDateTypeCode', false, inHeaderSettlement),
  flagged(
    'warning',
    'trade-tax',
    'CII-DT-059',
    'Attribute @format should not be present on RateApplicablePercent.',
    'Das Attribut @format sollte an RateApplicablePercent nicht angegeben werden.',
    (n) => !kids(n, 'RateApplicablePercent').some((r) => hasAttr(r, 'format')),
  ),
  noChild('trade-tax', 'CII-DT-060', 'SpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-061', 'ServiceSupplyTradeCountry', false),
  noChild('trade-tax', 'CII-DT-062', 'BuyerRepayableTaxSpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-063', 'SellerPayableTaxSpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-064', 'SellerRefundableTaxSpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-065', 'BuyerDeductibleTaxSpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-066', 'BuyerNonDeductibleTaxSpecifiedTradeAccountingAccount', false),
  noChild('trade-tax', 'CII-DT-067', 'PlaceApplicableTradeLocation', false),
  noChild('billing-period', 'CII-DT-068', 'StartDateTime/udt:DateTime', true),
  noChild('billing-period', 'CII-DT-069', 'DurationMeasure', true),
  noChild('billing-period', 'CII-DT-070', 'InclusiveIndicator', true),
  noChild('billing-period', 'CII-DT-071', 'Description', true),
  noChild('billing-period', 'CII-DT-072', 'EndDateTime/udt:DateTime', true),
  noChild('billing-period', 'CII-DT-073', 'CompleteDateTime', true),
  noChild('billing-period', 'CII-DT-074', 'OpenIndicator', true),
  noChild('billing-period', 'CII-DT-075', 'SeasonCode', true),
  noChild('billing-period', 'CII-DT-076', 'ID', true),
  noChild('billing-period', 'CII-DT-077', 'Name', true),
  noChild('billing-period', 'CII-DT-078', 'SequenceNumeric', true),
  noChild('billing-period', 'CII-DT-079', 'StartDateFlexibilityCode', true),
  noChild('billing-period', 'CII-DT-080', 'ContinuousIndicator', true),
  noChild('billing-period', 'CII-DT-081', 'PurposeCode', true),
  noChild('postal-address', 'CII-DT-082', 'ID', true),
  noChild('postal-address', 'CII-DT-083', 'PostOfficeBox', true),
  noChild('postal-address', 'CII-DT-084', 'BuildingName', true),
  noChild('postal-address', 'CII-DT-086', 'LineFour', true),
  noChild('postal-address', 'CII-DT-087', 'LineFive', true),
  noChild('postal-address', 'CII-DT-088', 'StreetName', true),
  noChild('postal-address', 'CII-DT-089', 'CitySubDivisionName', true),
  noChild('postal-address', 'CII-DT-090', 'CountryName', true),
  noChild('postal-address', 'CII-DT-091', 'CountrySubDivisionID', true),
  noChild('postal-address', 'CII-DT-092', 'AttentionOf', true),
  noChild('postal-address', 'CII-DT-093', 'CareOf', true),
  noChild('postal-address', 'CII-DT-094', 'BuildingNumber', true),
  noChild('postal-address', 'CII-DT-095', 'DepartmentName', true),
  noChild('postal-address', 'CII-DT-096', 'AdditionalStreetName', true),
  flagged(
    'fatal',
    'date-102',
    'CII-DT-097',
    'A date with format 102 shall be written YYYYMMDD.',
    'Ein Datum im Format 102 muss als JJJJMMTT geschrieben werden.',
    (n) => DATE_102.test(sv(n)),
  ),
];
