import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { secureParse } from '../../validation/xml/secure-parse.js';
import { attr, text } from '../../validation/xml/query.js';
import type { XNode } from '../../validation/xml/xnode.js';
import { defaultInstallDir } from '../../validation/xsd/schema-manifest.js';
import {
  buildInvoiceResponse,
  documentTypeCodeOf,
  INVOICE_RESPONSE_CUSTOMIZATION,
  INVOICE_RESPONSE_PROFILE,
  type InvoiceResponseInput,
} from './invoice-response.js';

const NS = {
  ar: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

const HOSTILE =
  'Bitte <b>neu</b> & "korrekt" stellen ]]> <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;\u0000\u0007\r\nZeile 2\ud800';

function input(overrides: Partial<InvoiceResponseInput> = {}): InvoiceResponseInput {
  return {
    id: 'ir-1',
    issuedAt: new Date('2026-11-21T09:30:05.123Z'),
    code: 'RE',
    sender: { endpoint: { scheme: '0204', value: '04011000-12345-03' }, name: 'Stadt <Muster>' },
    receiver: { endpoint: { scheme: '0088', value: '4000001000005' }, name: 'Lieferant & Söhne' },
    document: { id: 'RE-2026-001', issueDate: '2026-11-15', typeCode: '380' },
    clarifications: [{ list: 'OPStatusReason', code: 'OTH', text: HOSTILE }],
    ...overrides,
  };
}

function parse(xml: string): XNode {
  const parsed = secureParse(new TextEncoder().encode(xml));
  if (!parsed.ok) throw new Error(`not well-formed: ${parsed.finding.messages.en}`);
  parsed.doc.dispose();
  return parsed.root;
}

const el = (n: XNode | undefined, ns: keyof typeof NS, local: string): XNode | undefined =>
  n?.children.find((c) => c.ns === NS[ns] && c.local === local);

function path(root: XNode, ...steps: string[]): XNode | undefined {
  let n: XNode | undefined = root;
  for (const s of steps) {
    const [ns, local] = s.split(':') as [keyof typeof NS, string];
    n = el(n, ns, local);
  }
  return n;
}

describe('Peppol Invoice Response', () => {
  it('is a well-formed ApplicationResponse with the T111 identifiers, RE and the reason verbatim', () => {
    const root = parse(buildInvoiceResponse(input()));
    expect([root.ns, root.local]).toEqual([NS.ar, 'ApplicationResponse']);
    expect(text(path(root, 'cbc:CustomizationID') ?? null)).toBe(INVOICE_RESPONSE_CUSTOMIZATION);
    expect(text(path(root, 'cbc:ProfileID') ?? null)).toBe(INVOICE_RESPONSE_PROFILE);
    expect(text(path(root, 'cbc:IssueDate') ?? null)).toBe('2026-11-21');
    expect(text(path(root, 'cbc:IssueTime') ?? null)).toBe('09:30:05Z');
    const response = path(root, 'cac:DocumentResponse', 'cac:Response')!;
    const code = el(response, 'cbc', 'ResponseCode')!;
    expect(text(code)).toBe('RE');
    expect(attr(code, 'listID')).toBe('UNCL4343OpSubset');
    const reasonCode = path(response, 'cac:Status', 'cbc:StatusReasonCode')!;
    expect(text(reasonCode)).toBe('OTH');
    expect(attr(reasonCode, 'listID')).toBe('OPStatusReason');
    // The reason arrives as text: markup and the entity reference are characters, not
    // structure; what XML cannot carry (NUL, BEL, a lone surrogate) is gone; CR LF is LF.
    expect(path(response, 'cac:Status', 'cbc:StatusReason')?.text).toBe(
      'Bitte <b>neu</b> & "korrekt" stellen ]]> <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;\nZeile 2',
    );
    expect(text(path(root, 'cac:DocumentResponse', 'cac:DocumentReference', 'cbc:ID') ?? null)).toBe(
      'RE-2026-001',
    );
    expect(
      text(path(root, 'cac:DocumentResponse', 'cac:DocumentReference', 'cbc:DocumentTypeCode') ?? null),
    ).toBe('380');
    expect(text(path(root, 'cac:SenderParty', 'cbc:EndpointID') ?? null)).toBe('04011000-12345-03');
    expect(text(path(root, 'cac:SenderParty', 'cac:PartyLegalEntity', 'cbc:RegistrationName') ?? null)).toBe(
      'Stadt <Muster>',
    );
    expect(text(path(root, 'cac:ReceiverParty', 'cbc:EndpointID') ?? null)).toBe('4000001000005');
  });

  it('keeps hostile values out of the markup: the element structure does not change', () => {
    const plain = parse(
      buildInvoiceResponse(input({ clarifications: [{ list: 'OPStatusReason', code: 'OTH', text: 'x' }] })),
    );
    const hostile = parse(
      buildInvoiceResponse(
        input({
          document: {
            id: '</cbc:ID><cbc:Injected>1</cbc:Injected>',
            typeCode: '380',
            issueDate: '2026-11-15',
          },
          sender: { endpoint: { scheme: '0204" evil="1', value: 'x' }, name: '</cbc:RegistrationName>' },
        }),
      ),
    );
    const shape = (n: XNode): unknown => [n.local, n.children.map(shape)];
    expect(shape(hostile)).toEqual(shape(plain));
    expect(text(path(hostile, 'cac:DocumentResponse', 'cac:DocumentReference', 'cbc:ID') ?? null)).toBe(
      '</cbc:ID><cbc:Injected>1</cbc:Injected>',
    );
  });

  it('refuses a rejection without a clarification and an unknown code', () => {
    expect(() => buildInvoiceResponse(input({ clarifications: [] }))).toThrow(/clarification/);
    expect(() => buildInvoiceResponse(input({ code: 'XX' as never }))).toThrow(/unknown/);
    expect(() => buildInvoiceResponse(input({ code: 'AP', clarifications: [] }))).not.toThrow();
  });

  it('answers for the type code of the invoice', () => {
    expect(documentTypeCodeOf('384', false)).toBe('384');
    expect(documentTypeCodeOf(undefined, true)).toBe('381');
    expect(documentTypeCodeOf('x', false)).toBe('380');
  });

  describe('against the UBL 2.1 schemas', () => {
    // The installed UBL 2.1 runtime schemas have the common components but not the
    // ApplicationResponse main document: its content model (UBL 2.1, maindoc
    // ApplicationResponse, without extensions and signatures, which we never write) is
    // stated here over the official common components.
    const common = join(defaultInstallDir(), 'ubl-2.1', 'common');
    const installed = existsSync(join(common, 'UBL-CommonAggregateComponents-2.1.xsd'));
    const maindoc = () => `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${NS.ar}"
  xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}" elementFormDefault="qualified">
  <xs:import namespace="${NS.cac}" schemaLocation="${pathToFileURL(join(common, 'UBL-CommonAggregateComponents-2.1.xsd')).href}"/>
  <xs:import namespace="${NS.cbc}" schemaLocation="${pathToFileURL(join(common, 'UBL-CommonBasicComponents-2.1.xsd')).href}"/>
  <xs:element name="ApplicationResponse">
    <xs:complexType><xs:sequence>
      <xs:element ref="cbc:UBLVersionID" minOccurs="0"/>
      <xs:element ref="cbc:CustomizationID" minOccurs="0"/>
      <xs:element ref="cbc:ProfileID" minOccurs="0"/>
      <xs:element ref="cbc:ProfileExecutionID" minOccurs="0"/>
      <xs:element ref="cbc:ID"/>
      <xs:element ref="cbc:UUID" minOccurs="0"/>
      <xs:element ref="cbc:IssueDate"/>
      <xs:element ref="cbc:IssueTime" minOccurs="0"/>
      <xs:element ref="cbc:ResponseDate" minOccurs="0"/>
      <xs:element ref="cbc:ResponseTime" minOccurs="0"/>
      <xs:element ref="cbc:Note" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element ref="cbc:VersionID" minOccurs="0"/>
      <xs:element ref="cac:SenderParty"/>
      <xs:element ref="cac:ReceiverParty"/>
      <xs:element ref="cac:DocumentResponse" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>`;

    (installed ? it : it.skip)('validates, with and without the optional parts', () => {
      xmlRegisterFsInputProviders();
      const schemaDoc = XmlDocument.fromString(maindoc(), {
        url: pathToFileURL(join(common, 'ar.xsd')).href,
      });
      const validator = XsdValidator.fromDoc(schemaDoc);
      const check = (xml: string) => {
        const doc = XmlDocument.fromString(xml);
        try {
          validator.validate(doc);
          return [];
        } catch (err) {
          if (err instanceof XmlValidateError) return err.details.map((d) => d.message.trim());
          throw err;
        } finally {
          doc.dispose();
        }
      };
      try {
        expect(check(buildInvoiceResponse(input({ note: 'Hinweis & mehr' })))).toEqual([]);
        expect(
          check(
            buildInvoiceResponse(
              input({
                code: 'AP',
                clarifications: [],
                document: { id: 'X', typeCode: '381' },
                effectiveDate: '2026-11-20',
              }),
            ),
          ),
        ).toEqual([]);
        expect(
          check(
            buildInvoiceResponse(
              input({
                clarifications: [
                  { list: 'OPStatusReason', code: 'REF', text: 'Bestellnummer fehlt' },
                  { list: 'OPStatusAction', code: 'NIN' },
                ],
              }),
            ),
          ),
        ).toEqual([]);
        // The check is a real one: a document out of order fails it.
        expect(
          check(
            buildInvoiceResponse(input()).replace(
              /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(\s*)(<cbc:ID>[^<]*<\/cbc:ID>)?/,
              '$1$2<cbc:ID>again</cbc:ID>',
            ),
          ),
        ).not.toEqual([]);
      } finally {
        validator.dispose();
        schemaDoc.dispose();
      }
    });
  });
});
