/**
 * Peppol participant identifiers as they appear in an SBDH (`<Identifier
 * Authority="iso6523-actorid-upis">0204:991-12345-67</Identifier>`) or in their full
 * form with the scheme (`iso6523-actorid-upis::0204:991-12345-67`).
 */
export interface ParticipantId {
  /** ISO 6523 ICD or EAS code, e.g. 0204 (Leitweg-ID), 9930 (German VAT id), 0088 (GLN). */
  readonly scheme: string;
  readonly value: string;
}

const FULL_PREFIX = 'iso6523-actorid-upis::';

export function parseParticipantId(raw: string): ParticipantId | null {
  let s = raw.trim();
  if (s.toLowerCase().startsWith(FULL_PREFIX)) s = s.slice(FULL_PREFIX.length);
  const m = /^(\d{4}):(\S{1,135})$/.exec(s);
  if (!m) return null;
  // Participant identifier values are case-insensitive in Peppol; keep the value as sent
  // for display and compare with participantKey().
  return { scheme: m[1], value: m[2] };
}

/** The comparison key: scheme and value, value lower-cased (Peppol ids are case-insensitive). */
export function participantKey(id: ParticipantId): string {
  return `${id.scheme}:${id.value.toLowerCase()}`;
}

export function formatParticipantId(id: ParticipantId): string {
  return `${id.scheme}:${id.value}`;
}
