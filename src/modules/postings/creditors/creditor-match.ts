/**
 * The creditor master a finance system pushes, and how a posting's seller is matched to it:
 * by VAT id (BT-31), then IBAN (BT-84), then the normalised name. At each level exactly one
 * entry must match; an ambiguous level (two creditors with the same IBAN, say) decides
 * nothing and the next level is tried, so a posting never gets a guessed creditor number.
 */

export interface CreditorEntry {
  readonly creditorNumber: string;
  readonly name: string;
  readonly vatId: string | null;
  readonly iban: string | null;
}

/** `DE 123 456 789` → `DE123456789`; null when nothing is left. */
export function vatIdKey(v: string | null | undefined): string | null {
  const k = (v ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  return k || null;
}

/** `de89 3704 0044 0532 0130 00` → `DE89370400440532013000`; null when nothing is left. */
export function ibanKey(v: string | null | undefined): string | null {
  const k = (v ?? '').replace(/\s+/g, '').toUpperCase();
  return k || null;
}

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * A name for comparing: lower case, umlauts spelled out, other accents dropped, `&` as
 * `und`, punctuation and runs of blanks as one blank. `Müller & Söhne GmbH.` and
 * `MUELLER UND SOEHNE GMBH` compare equal; legal forms are kept (two firms may differ only
 * there).
 */
export function nameKey(v: string | null | undefined): string {
  return (v ?? '')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => FOLD[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' und ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface SellerKeys {
  readonly vatId: string | null;
  readonly iban: string | null;
  readonly name: string;
}

export function sellerKeys(s: {
  vatId: string | null;
  iban: string | null;
  name: string | null;
}): SellerKeys {
  return { vatId: vatIdKey(s.vatId), iban: ibanKey(s.iban), name: nameKey(s.name) };
}

/** The creditor number for a seller among `candidates` (entries sharing any key), or null. */
export function matchCreditor(seller: SellerKeys, candidates: readonly CreditorEntry[]): string | null {
  const levels: Array<(c: CreditorEntry) => boolean> = [
    (c) => seller.vatId !== null && vatIdKey(c.vatId) === seller.vatId,
    (c) => seller.iban !== null && ibanKey(c.iban) === seller.iban,
    (c) => seller.name !== '' && nameKey(c.name) === seller.name,
  ];
  for (const matches of levels) {
    const found = candidates.filter(matches);
    if (found.length === 1) return found[0].creditorNumber;
  }
  return null;
}

export const CREDITORS_MAX_ENTRIES = 10_000;

export interface CreditorProblem {
  readonly index: number;
  readonly field: string;
  readonly problem: 'missing' | 'too-long' | 'not-text' | 'duplicate' | 'format';
}

export interface CreditorPush {
  readonly mode: 'merge' | 'replace';
  readonly entries: readonly CreditorEntry[];
}

/**
 * Reads `PUT /api/v1/postings/creditors`: `{mode?: 'merge'|'replace', creditors: [...]}` or
 * a bare array (merge). Returns every problem at once; nothing is taken over with one.
 */
export function parseCreditorPush(
  body: unknown,
): { ok: true; push: CreditorPush } | { ok: false; problems: CreditorProblem[] } {
  const problems: CreditorProblem[] = [];
  let list: unknown;
  let mode: 'merge' | 'replace' = 'merge';
  if (Array.isArray(body)) list = body;
  else if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    list = b.creditors;
    if (b.mode !== undefined) {
      if (b.mode === 'merge' || b.mode === 'replace') mode = b.mode;
      else problems.push({ index: -1, field: 'mode', problem: 'format' });
    }
  }
  if (!Array.isArray(list))
    return { ok: false, problems: [{ index: -1, field: 'creditors', problem: 'missing' }] };
  if (list.length > CREDITORS_MAX_ENTRIES)
    return { ok: false, problems: [{ index: -1, field: 'creditors', problem: 'too-long' }] };
  const entries: CreditorEntry[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ index, field: 'entry', problem: 'not-text' });
      return;
    }
    const e = raw as Record<string, unknown>;
    const field = (name: string, max: number, required: boolean): string | null => {
      const v = e[name];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
        if (required) problems.push({ index, field: name, problem: 'missing' });
        return null;
      }
      if (typeof v !== 'string') {
        problems.push({ index, field: name, problem: 'not-text' });
        return null;
      }
      if (v.trim().length > max) {
        problems.push({ index, field: name, problem: 'too-long' });
        return null;
      }
      return v.trim();
    };
    const creditorNumber = field('creditorNumber', 36, true);
    const name = field('name', 200, true);
    const vatId = field('vatId', 30, false);
    const iban = field('iban', 42, false);
    if (iban !== null && !/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(ibanKey(iban) ?? ''))
      problems.push({ index, field: 'iban', problem: 'format' });
    if (creditorNumber !== null) {
      if (seen.has(creditorNumber)) problems.push({ index, field: 'creditorNumber', problem: 'duplicate' });
      seen.add(creditorNumber);
    }
    if (creditorNumber !== null && name !== null)
      entries.push({ creditorNumber, name, vatId: vatIdKey(vatId), iban: ibanKey(iban) });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, push: { mode, entries } };
}
