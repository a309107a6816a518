/**
 * The pull feed's cursor: the feed position of the last posting a consumer received, as an
 * opaque token. The same posting always yields the same cursor, so a consumer may store any
 * cursor it was given and resume from it later: it gets the postings after that one, in the
 * same order, every time.
 */
export interface FeedPosition {
  /** `postings.feed_position` (bigint) as decimal text. */
  readonly position: string;
}

export const FEED_START: FeedPosition = { position: '0' };

const PREFIX = 'p1';
const DIGITS = /^(0|[1-9]\d{0,18})$/;
const MAX_POSITION = 9223372036854775807n;

export function encodeCursor(p: FeedPosition): string {
  return Buffer.from(`${PREFIX}.${p.position}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): FeedPosition | undefined {
  if (cursor.length === 0 || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (parts.length !== 2 || parts[0] !== PREFIX) return undefined;
  const [, position] = parts;
  if (!DIGITS.test(position) || BigInt(position) > MAX_POSITION) return undefined;
  // The canonical spelling only: one posting, one cursor.
  if (encodeCursor({ position }) !== cursor) return undefined;
  return { position };
}
