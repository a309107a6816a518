/**
 * Peppol BIS Invoice Response 3 (transaction T111): a UBL 2.1 ApplicationResponse by which
 * the receiver of an invoice tells its sender what became of it — here, above all, that an
 * approver returned it (RE) and why. Not the Message Level Response (message-level-response.ts),
 * which only says whether a delivery could be taken in.
 *
 * Codes, as the specification restricts them:
 * - ResponseCode (`UNCL4343OpSubset`): AB received, IP in process, UQ under query,
 *   CA conditionally accepted, RE rejected, AP accepted, PD paid;
 * - Status/StatusReasonCode: a clarification reason (`OPStatusReason`: NON, REF, LEG, REC,
 *   QUA, DEL, PRI, QTY, ITM, PAY, UNR, FIN, PPD, OTH) or a clarification action
 *   (`OPStatusAction`: NOA, PIN, NIN, CNF, CNP, CNA, OTH). CA, UQ and RE need at least one
 *   clarification; OTH should come with the reason in words (StatusReason).
 *
 * Every text is escaped for XML and stripped of characters XML 1.0 cannot carry, so a
 * reason typed by an approver (or an invoice number chosen by a supplier) is data, never markup.
 */
export type InvoiceResponseCode = 'AB' | 'IP' | 'UQ' | 'CA' | 'RE' | 'AP' | 'PD';

export const INVOICE_RESPONSE_CODES: readonly InvoiceResponseCode[] = [
  'AB',
  'IP',
  'UQ',
  'CA',
  'RE',
  'AP',
  'PD',
];

export type StatusReasonCode =
  | 'NON'
  | 'REF'
  | 'LEG'
  | 'REC'
  | 'QUA'
  | 'DEL'
  | 'PRI'
  | 'QTY'
  | 'ITM'
  | 'PAY'
  | 'UNR'
  | 'FIN'
  | 'PPD'
  | 'OTH';
export type StatusActionCode = 'NOA' | 'PIN' | 'NIN' | 'CNF' | 'CNP' | 'CNA' | 'OTH';

export type InvoiceResponseClarification =
  | { readonly list: 'OPStatusReason'; readonly code: StatusReasonCode; readonly text?: string }
  | { readonly list: 'OPStatusAction'; readonly code: StatusActionCode; readonly text?: string };

export interface ResponseParty {
  /** The Peppol participant (electronic address): scheme and value. */
  readonly endpoint: { readonly scheme: string; readonly value: string };
  /** The party's registered name (mandatory in T111). */
  readonly name: string;
}

export interface InvoiceResponseInput {
  readonly id: string;
  readonly issuedAt: Date;
  readonly code: InvoiceResponseCode;
  /** The receiver of the invoice, who answers (the tenant). */
  readonly sender: ResponseParty;
  /** The sender of the invoice (the supplier's endpoint from the SBDH). */
  readonly receiver: ResponseParty;
  /** The invoice answered: its number (BT-1), issue date (BT-2) and type code (BT-3). */
  readonly document: { readonly id: string; readonly issueDate?: string; readonly typeCode: string };
  /** When the status took effect (ISO date); defaults to the issue date. */
  readonly effectiveDate?: string;
  readonly clarifications?: readonly InvoiceResponseClarification[];
  readonly note?: string;
}

export const INVOICE_RESPONSE_CUSTOMIZATION = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
export const INVOICE_RESPONSE_PROFILE = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';
/** Codes that need a clarification (status reason or action). */
const NEEDS_CLARIFICATION: readonly InvoiceResponseCode[] = ['CA', 'UQ', 'RE'];

export function buildInvoiceResponse(input: InvoiceResponseInput): string {
  if (!INVOICE_RESPONSE_CODES.includes(input.code)) throw new Error(`unknown response code ${input.code}`);
  const clarifications = input.clarifications ?? [];
  if (NEEDS_CLARIFICATION.includes(input.code) && clarifications.length === 0)
    throw new Error(`response code ${input.code} needs a clarification`);
  const iso = input.issuedAt.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19) + 'Z';
  const party = (tag: string, p: ResponseParty) => `  <cac:${tag}>
    <cbc:EndpointID schemeID="${esc(p.endpoint.scheme)}">${esc(p.endpoint.value)}</cbc:EndpointID>
    <cac:PartyLegalEntity>
      <cbc:RegistrationName>${esc(p.name)}</cbc:RegistrationName>
    </cac:PartyLegalEntity>
  </cac:${tag}>
`;
  const statuses = clarifications.map(
    (c) => `      <cac:Status>
        <cbc:StatusReasonCode listID="${c.list}">${c.code}</cbc:StatusReasonCode>
${c.text ? `        <cbc:StatusReason>${esc(c.text)}</cbc:StatusReason>\n` : ''}      </cac:Status>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>${INVOICE_RESPONSE_CUSTOMIZATION}</cbc:CustomizationID>
  <cbc:ProfileID>${INVOICE_RESPONSE_PROFILE}</cbc:ProfileID>
  <cbc:ID>${esc(input.id)}</cbc:ID>
  <cbc:IssueDate>${date}</cbc:IssueDate>
  <cbc:IssueTime>${time}</cbc:IssueTime>
${input.note ? `  <cbc:Note>${esc(input.note)}</cbc:Note>\n` : ''}${party('SenderParty', input.sender)}${party('ReceiverParty', input.receiver)}  <cac:DocumentResponse>
    <cac:Response>
      <cbc:ResponseCode listID="UNCL4343OpSubset">${input.code}</cbc:ResponseCode>
      <cbc:EffectiveDate>${esc(input.effectiveDate ?? date)}</cbc:EffectiveDate>
${statuses.join('')}    </cac:Response>
    <cac:DocumentReference>
      <cbc:ID>${esc(input.document.id)}</cbc:ID>
${input.document.issueDate ? `      <cbc:IssueDate>${esc(input.document.issueDate)}</cbc:IssueDate>\n` : ''}      <cbc:DocumentTypeCode>${esc(input.document.typeCode)}</cbc:DocumentTypeCode>
    </cac:DocumentReference>
  </cac:DocumentResponse>
</ApplicationResponse>
`;
}

/**
 * The type code to answer for (BT-3): the invoice's own three-digit code, else 381 for a
 * credit note and 380 for an invoice.
 */
export function documentTypeCodeOf(typeCode: unknown, creditNote: boolean): string {
  if (typeof typeCode === 'string' && /^\d{3}$/.test(typeCode.trim())) return typeCode.trim();
  return creditNote ? '381' : '380';
}

/**
 * Text as XML character data or attribute value: markup characters escaped, and what XML
 * 1.0 cannot carry at all (C0 controls other than tab and line breaks, lone surrogates,
 * U+FFFE/U+FFFF) removed; CR LF and lone CR become LF, as a parser would read them anyway.
 */
export function esc(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
    );
}
