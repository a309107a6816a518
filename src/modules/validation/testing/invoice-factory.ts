/**
 * Builds our own XRechnung 3.0 UBL invoices of any size for tests and benchmarks (no
 * official test material is copied). Amounts are computed in cents so totals and VAT are
 * exact; the result is schema-valid and meant to satisfy the EN 16931 and XRechnung rules.
 */
export interface InvoiceSpec {
  readonly lines?: number;
  readonly number?: string;
  readonly customizationId?: string;
  readonly currency?: string;
  /** Net prices in cents of lines of quantity 1 (instead of the generated lines). */
  readonly linePrices?: readonly number[];
  /** BT-10 (Leitweg-ID); default a fixed valid example. */
  readonly buyerReference?: string;
  /** BT-20 payment terms, e.g. a `#SKONTO#…` term. */
  readonly paymentTerms?: string;
  /** BT-2 (ISO date). */
  readonly issueDate?: string;
  /** Replace parts of the generated text (e.g. to inject a defect). */
  readonly patch?: (xml: string) => string;
}

export const XRECHNUNG_30_CIUS = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';

function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function buildUblInvoice(spec: InvoiceSpec = {}): string {
  const lines = spec.linePrices?.length ?? spec.lines ?? 3;
  const cur = spec.currency ?? 'EUR';
  const customization = spec.customizationId ?? XRECHNUNG_30_CIUS;
  const lineXml: string[] = [];
  let net = 0;
  for (let i = 1; i <= lines; i++) {
    const qty = spec.linePrices ? 1 : (i % 7) + 1;
    const price = spec.linePrices?.[i - 1] ?? 1000 + ((i * 37) % 9000); // cents
    const amount = qty * price;
    net += amount;
    lineXml.push(`  <cac:InvoiceLine>
    <cbc:ID>${i}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="H87">${qty}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="${cur}">${money(amount)}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>Artikel ${i}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>ART-${i}</cbc:ID></cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>19</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="${cur}">${money(price)}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>`);
  }
  const tax = Math.round((net * 19) / 100);
  const gross = net + tax;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>${customization}</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${spec.number ?? 'RE-2026-0001'}</cbc:ID>
  <cbc:IssueDate>${spec.issueDate ?? '2026-03-02'}</cbc:IssueDate>
  <cbc:DueDate>2026-04-01</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>${spec.buyerReference ?? '04011000-12345-67'}</cbc:BuyerReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>
      <cac:PartyName><cbc:Name>Musterlieferant GmbH</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>Hauptstraße 1</cbc:StreetName>
        <cbc:CityName>Musterstadt</cbc:CityName>
        <cbc:PostalZone>12345</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>DE123456789</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>Musterlieferant GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
      <cac:Contact>
        <cbc:Name>Erika Muster</cbc:Name>
        <cbc:Telephone>+49 30 1234567</cbc:Telephone>
        <cbc:ElectronicMail>erika.muster@lieferant.example</cbc:ElectronicMail>
      </cac:Contact>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="EM">eingang@stadt.example</cbc:EndpointID>
      <cac:PostalAddress>
        <cbc:StreetName>Rathausplatz 1</cbc:StreetName>
        <cbc:CityName>Beispielstadt</cbc:CityName>
        <cbc:PostalZone>54321</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:RegistrationName>Stadt Beispielstadt</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:Delivery><cbc:ActualDeliveryDate>2026-02-27</cbc:ActualDeliveryDate></cac:Delivery>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>${spec.paymentTerms ?? 'Zahlbar innerhalb von 30 Tagen ohne Abzug.'}</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="${cur}">${money(tax)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="${cur}">${money(net)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="${cur}">${money(tax)}</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>19</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${cur}">${money(net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="${cur}">${money(net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="${cur}">${money(gross)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="${cur}">${money(gross)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
${lineXml.join('\n')}
</ubl:Invoice>
`;
  return spec.patch ? spec.patch(xml) : xml;
}

export interface AttachmentSpec {
  /** The element's qualified name (default cbc:EmbeddedDocumentBinaryObject). */
  readonly element?: string;
  /** A namespace declared for the 'cbc' prefix on the element itself. */
  readonly ns?: string;
  /** Markup after the text, inside the element. */
  readonly after?: string;
}

/** A UBL invoice (UTF-8 bytes) with one embedded attachment whose text is `content`. */
export function ublWithAttachment(content: string, spec: AttachmentSpec = {}): Uint8Array {
  const element = spec.element ?? 'cbc:EmbeddedDocumentBinaryObject';
  const ns = spec.ns ? ` xmlns:cbc="${spec.ns}"` : '';
  const xml = buildUblInvoice({
    patch: (x) =>
      x.replace(
        '<cac:AccountingSupplierParty>',
        `<cac:AdditionalDocumentReference>
    <cbc:ID>Anlage 1</cbc:ID>
    <cac:Attachment><${element}${ns} mimeCode="application/pdf" filename="a.pdf">${content}${spec.after ?? ''}</${element}></cac:Attachment>
  </cac:AdditionalDocumentReference>
  <cac:AccountingSupplierParty>`,
      ),
  });
  return new TextEncoder().encode(xml);
}
