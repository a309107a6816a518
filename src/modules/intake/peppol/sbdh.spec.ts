import { parseToXNode } from '../../validation/xml/parse.js';
import { text } from '../../validation/xml/query.js';
import { readSbdh } from './sbdh.js';

const enc = (s: string) => new TextEncoder().encode(s);

function envelope(opts: { receiver?: string; payload?: string; instance?: string } = {}): string {
  const payload =
    opts.payload ??
    `<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>R-9</cbc:ID></ubl:Invoice>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<sh:StandardBusinessDocument xmlns:sh="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <sh:StandardBusinessDocumentHeader>
    <sh:HeaderVersion>1.0</sh:HeaderVersion>
    <sh:Sender><sh:Identifier Authority="iso6523-actorid-upis">0088:4035811991021</sh:Identifier></sh:Sender>
    <sh:Receiver><sh:Identifier Authority="iso6523-actorid-upis">${opts.receiver ?? '0204:991-01234-56'}</sh:Identifier></sh:Receiver>
    <sh:DocumentIdentification>
      <sh:Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</sh:Standard>
      <sh:TypeVersion>2.1</sh:TypeVersion>
      <sh:InstanceIdentifier>${opts.instance ?? 'b1f0c2de-0001'}</sh:InstanceIdentifier>
      <sh:Type>Invoice</sh:Type>
      <sh:CreationDateAndTime>2026-11-21T10:00:00Z</sh:CreationDateAndTime>
    </sh:DocumentIdentification>
    <sh:BusinessScope>
      <sh:Scope><sh:Type>DOCUMENTID</sh:Type><sh:InstanceIdentifier>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017::2.1</sh:InstanceIdentifier></sh:Scope>
      <sh:Scope><sh:Type>PROCESSID</sh:Type><sh:InstanceIdentifier>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</sh:InstanceIdentifier></sh:Scope>
    </sh:BusinessScope>
  </sh:StandardBusinessDocumentHeader>
  ${payload}
</sh:StandardBusinessDocument>`;
}

describe('readSbdh', () => {
  it('reads the routing header and extracts a standalone payload', () => {
    const r = readSbdh(enc(envelope()));
    if (!r.ok) throw new Error(r.code);
    expect(r.envelope.sender).toEqual({ scheme: '0088', value: '4035811991021' });
    expect(r.envelope.receiver).toEqual({ scheme: '0204', value: '991-01234-56' });
    expect(r.envelope.instanceIdentifier).toBe('b1f0c2de-0001');
    expect(r.envelope.processId).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    expect(r.envelope.payloadRoot.local).toBe('Invoice');
    // cbc is declared on the envelope only: the extracted payload must still be namespace-complete.
    const payload = parseToXNode(r.envelope.payload);
    expect(text(payload, 'cbc:ID')).toBe('R-9');
  });

  it('refuses envelopes it cannot route, each with its own code', () => {
    expect(readSbdh(enc(envelope({ receiver: 'nonsense' })))).toMatchObject({
      ok: false,
      code: 'SBDH-RECEIVER-INVALID',
    });
    expect(readSbdh(enc(envelope({ instance: '' })))).toMatchObject({
      ok: false,
      code: 'SBDH-INSTANCE-ID-MISSING',
    });
    expect(readSbdh(enc(envelope({ payload: '' })))).toMatchObject({ ok: false, code: 'SBDH-NO-PAYLOAD' });
    expect(readSbdh(enc('<Invoice/>'))).toMatchObject({ ok: false, code: 'SBDH-NOT-AN-ENVELOPE' });
    expect(readSbdh(enc('<sh:StandardBusinessDocument'))).toMatchObject({
      ok: false,
      code: 'SBDH-NOT-WELL-FORMED',
    });
  });

  it('refuses a DTD in the envelope (no entity can reach the payload)', () => {
    const xxe = envelope().replace(
      '<sh:StandardBusinessDocument',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<sh:StandardBusinessDocument',
    );
    expect(readSbdh(enc(xxe))).toMatchObject({ ok: false, code: 'SBDH-NOT-WELL-FORMED' });
  });

  it('honours the size limit', () => {
    expect(readSbdh(enc(envelope()), 100)).toMatchObject({
      ok: false,
      code: 'SBDH-NOT-WELL-FORMED',
      detail: expect.stringContaining('DOCUMENT-TOO-LARGE'),
    });
  });
});
