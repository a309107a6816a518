import { elementChildren } from '../../validation/xml/parse.js';
import { DEFAULT_PARSE_LIMITS, secureParse } from '../../validation/xml/secure-parse.js';
import { text } from '../../validation/xml/query.js';
import type { XNode } from '../../validation/xml/xnode.js';
import { parseParticipantId, type ParticipantId } from './participant-id.js';

export const SBDH_NS = 'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader';

export interface SbdhEnvelope {
  readonly sender: ParticipantId;
  readonly receiver: ParticipantId;
  /** DocumentIdentification/InstanceIdentifier: the sender's id of this delivery. */
  readonly instanceIdentifier: string;
  readonly documentType?: string;
  readonly documentTypeId?: string;
  readonly processId?: string;
  /** The business document (UBL or CII) as a standalone XML document. */
  readonly payload: Uint8Array;
  readonly payloadRoot: { ns: string; local: string };
}

export type SbdhError =
  | 'SBDH-NOT-WELL-FORMED'
  | 'SBDH-NOT-AN-ENVELOPE'
  | 'SBDH-SENDER-INVALID'
  | 'SBDH-RECEIVER-INVALID'
  | 'SBDH-INSTANCE-ID-MISSING'
  | 'SBDH-NO-PAYLOAD';

export type SbdhResult =
  { ok: true; envelope: SbdhEnvelope } | { ok: false; code: SbdhError; detail: string };

/**
 * Reads a Peppol StandardBusinessDocument: the header (sender, receiver, instance id,
 * document type and process from the business scope) and the business document it
 * carries. Parsing is the hardened parser of the validation module (no DTD, no entities,
 * size/depth limits), so a hostile envelope is refused like a hostile invoice.
 */
export function readSbdh(bytes: Uint8Array, maxBytes?: number): SbdhResult {
  const parsed = secureParse(bytes, {
    ...DEFAULT_PARSE_LIMITS,
    maxBytes: maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
  });
  if (!parsed.ok)
    return {
      ok: false,
      code: 'SBDH-NOT-WELL-FORMED',
      detail: `${parsed.finding.id}: ${parsed.finding.messages.en}`,
    };
  try {
    const root = parsed.root;
    if (root.ns !== SBDH_NS || root.local !== 'StandardBusinessDocument') {
      return { ok: false, code: 'SBDH-NOT-AN-ENVELOPE', detail: `root element is ${root.qname}` };
    }
    const header = child(root, 'StandardBusinessDocumentHeader');
    const sender = parseParticipantId(text(child(child(header, 'Sender'), 'Identifier')));
    if (!sender)
      return { ok: false, code: 'SBDH-SENDER-INVALID', detail: 'Sender/Identifier is not scheme:value' };
    const receiver = parseParticipantId(text(child(child(header, 'Receiver'), 'Identifier')));
    if (!receiver)
      return { ok: false, code: 'SBDH-RECEIVER-INVALID', detail: 'Receiver/Identifier is not scheme:value' };
    const ident = child(header, 'DocumentIdentification');
    const instanceIdentifier = text(child(ident, 'InstanceIdentifier'));
    if (!instanceIdentifier)
      return { ok: false, code: 'SBDH-INSTANCE-ID-MISSING', detail: 'no InstanceIdentifier' };
    const scopes = children(child(header, 'BusinessScope'), 'Scope');
    const scope = (type: string) =>
      text(child(scopes.find((s) => text(child(s, 'Type')) === type) ?? null, 'InstanceIdentifier')) ||
      undefined;

    const payloadNode = root.children.find((c) => c.ns !== SBDH_NS);
    if (!payloadNode)
      return { ok: false, code: 'SBDH-NO-PAYLOAD', detail: 'the envelope carries no document' };
    // Serialise the payload with the libxml2 document: canonical XML keeps every namespace
    // in scope, so the payload stands alone even when the envelope declared its prefixes.
    const el = [...elementChildren(parsed.doc.root)].find((e) => e.namespaceUri !== SBDH_NS)!;
    const payload = new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-8"?>\n' + el.canonicalizeToString(),
    );
    return {
      ok: true,
      envelope: {
        sender,
        receiver,
        instanceIdentifier,
        documentType: text(child(ident, 'Type')) || undefined,
        documentTypeId: scope('DOCUMENTID'),
        processId: scope('PROCESSID'),
        payload,
        payloadRoot: { ns: payloadNode.ns, local: payloadNode.local },
      },
    };
  } finally {
    parsed.doc.dispose();
  }
}

function child(n: XNode | null, local: string): XNode | null {
  return n?.children.find((c) => c.ns === SBDH_NS && c.local === local) ?? null;
}

function children(n: XNode | null, local: string): XNode[] {
  return n ? n.children.filter((c) => c.ns === SBDH_NS && c.local === local) : [];
}
