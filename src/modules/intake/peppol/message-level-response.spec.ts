import { parseToXNode } from '../../validation/xml/parse.js';
import { all, first, text, attr } from '../../validation/xml/query.js';
import { buildMessageLevelResponse } from './message-level-response.js';
import { parseParticipantId, participantKey } from './participant-id.js';

describe('buildMessageLevelResponse', () => {
  const base = {
    id: 'mlr-1',
    issuedAt: new Date('2026-11-21T10:15:30.000Z'),
    sender: { scheme: '0204', value: '991-01234-56' },
    receiver: { scheme: '9930', value: 'DE123456789' },
    documentReference: 'sbdh-instance-42',
  };

  it('rejects with one line response per finding, escaped and coded', () => {
    const xml = buildMessageLevelResponse({
      ...base,
      code: 'RE',
      findings: [
        {
          ruleId: 'BR-CO-10',
          severity: 'fatal',
          syntax: false,
          message: 'Sum <lines> & BT-106 differ',
          location: '/Invoice/cac:LegalMonetaryTotal',
        },
        { ruleId: 'XML-NOT-WELL-FORMED', severity: 'fatal', syntax: true, message: 'broken' },
        { ruleId: 'UBL-CR-001', severity: 'warning', syntax: false, message: 'extension present' },
      ],
    });
    const root = parseToXNode(new TextEncoder().encode(xml));
    expect(root.local).toBe('ApplicationResponse');
    expect(text(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode')).toBe('RE');
    expect(text(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:ID')).toBe('sbdh-instance-42');
    const lines = all(root, 'cac:DocumentResponse/cac:LineResponse');
    expect(lines.map((l) => text(l, 'cac:Response/cac:Status/cbc:StatusReasonCode'))).toEqual([
      'BV',
      'SV',
      'BW',
    ]);
    expect(text(lines[0], 'cac:Response/cbc:Description')).toBe('[BR-CO-10] Sum <lines> & BT-106 differ');
    expect(text(lines[1], 'cac:LineReference/cbc:LineID')).toBe('NA');
    expect(attr(first(root, 'cac:SenderParty/cbc:EndpointID'), 'schemeID')).toBe('0204');
    expect(text(root, 'cbc:IssueDate')).toBe('2026-11-21');
  });

  it('acknowledges without line responses', () => {
    const root = parseToXNode(new TextEncoder().encode(buildMessageLevelResponse({ ...base, code: 'AB' })));
    expect(text(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode')).toBe('AB');
    expect(all(root, 'cac:DocumentResponse/cac:LineResponse')).toHaveLength(0);
  });
});

describe('parseParticipantId', () => {
  it('reads the short and the full form and compares case-insensitively', () => {
    const a = parseParticipantId('0204:991-01234-56')!;
    const b = parseParticipantId('iso6523-actorid-upis::0204:991-01234-56')!;
    expect(a).toEqual({ scheme: '0204', value: '991-01234-56' });
    expect(participantKey(a)).toBe(participantKey(b));
    expect(participantKey(parseParticipantId('9930:de123456789')!)).toBe(
      participantKey(parseParticipantId('9930:DE123456789')!),
    );
  });
  it('refuses malformed identifiers', () => {
    for (const bad of ['', '0204', 'abcd:x', '0204:', '204:x', '0204:has space'])
      expect(parseParticipantId(bad)).toBeNull();
  });
});
