/**
 * Peppol Message Level Response (MLR): a UBL 2.1 ApplicationResponse that tells the
 * sender's access point whether a delivered business document was
 *   AB — received (acknowledged, processing continues),
 *   AP — accepted (validated without fatal findings),
 *   RE — rejected (with the findings that caused it).
 * Each finding becomes a LineResponse pointing at the location in the document, with the
 * status reason code BV (business rule violation, fatal), BW (business rule warning) or
 * SV (syntax violation: schema or well-formedness).
 */
export type MlrCode = 'AB' | 'AP' | 'RE';

export interface MlrFinding {
  readonly ruleId: string;
  readonly severity: 'fatal' | 'warning';
  readonly syntax: boolean;
  readonly message: string;
  /** XPath-like location in the original document ('NA' when none). */
  readonly location?: string;
}

export interface MlrInput {
  readonly id: string;
  /** ISO date-time of the response. */
  readonly issuedAt: Date;
  readonly code: MlrCode;
  /** Our participant (the receiver of the original document) and the sender of it. */
  readonly sender: { scheme: string; value: string };
  readonly receiver: { scheme: string; value: string };
  /** The SBDH InstanceIdentifier of the document answered. */
  readonly documentReference: string;
  readonly findings?: readonly MlrFinding[];
  readonly note?: string;
}

export const MLR_CUSTOMIZATION = 'urn:fdc:peppol.eu:poacc:trns:mlr:3';
export const MLR_PROFILE = 'urn:fdc:peppol.eu:poacc:bis:mlr:3';

export function buildMessageLevelResponse(input: MlrInput): string {
  const iso = input.issuedAt.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19) + 'Z';
  const lines = (input.findings ?? []).map(
    (f) => `    <cac:LineResponse>
      <cac:LineReference>
        <cbc:LineID>${esc(f.location || 'NA')}</cbc:LineID>
      </cac:LineReference>
      <cac:Response>
        <cbc:ResponseCode>RE</cbc:ResponseCode>
        <cbc:Description>${esc(`[${f.ruleId}] ${f.message}`)}</cbc:Description>
        <cac:Status>
          <cbc:StatusReasonCode listID="SVC">${f.syntax ? 'SV' : f.severity === 'fatal' ? 'BV' : 'BW'}</cbc:StatusReasonCode>
        </cac:Status>
      </cac:Response>
    </cac:LineResponse>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>${MLR_CUSTOMIZATION}</cbc:CustomizationID>
  <cbc:ProfileID>${MLR_PROFILE}</cbc:ProfileID>
  <cbc:ID>${esc(input.id)}</cbc:ID>
  <cbc:IssueDate>${date}</cbc:IssueDate>
  <cbc:IssueTime>${time}</cbc:IssueTime>
${input.note ? `  <cbc:Note>${esc(input.note)}</cbc:Note>\n` : ''}  <cac:SenderParty>
    <cbc:EndpointID schemeID="${esc(input.sender.scheme)}">${esc(input.sender.value)}</cbc:EndpointID>
  </cac:SenderParty>
  <cac:ReceiverParty>
    <cbc:EndpointID schemeID="${esc(input.receiver.scheme)}">${esc(input.receiver.value)}</cbc:EndpointID>
  </cac:ReceiverParty>
  <cac:DocumentResponse>
    <cac:Response>
      <cbc:ResponseCode>${input.code}</cbc:ResponseCode>
    </cac:Response>
    <cac:DocumentReference>
      <cbc:ID>${esc(input.documentReference)}</cbc:ID>
    </cac:DocumentReference>
${lines.join('')}  </cac:DocumentResponse>
</ApplicationResponse>
`;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
