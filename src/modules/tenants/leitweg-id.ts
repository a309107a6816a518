/**
 * Leitweg-ID (routing id of German public contracting authorities, BT-10 / scheme 0204).
 *
 * Structure per the KoSIT format specification: a coarse address of 2–12 digits, an optional
 * fine address of up to 30 Latin letters or digits, and two check digits, joined by `-`
 * (`04011000-1234512345-06`). The check digits follow ISO/IEC 7064 MOD 97-10 over the coarse
 * and fine address without separators, letters replaced by their value A=10 … Z=35 (an
 * extension the specification adds to the norm).
 *
 * We do not check the coarse address against the list of federal-state codes: test and
 * federal ids in circulation (e.g. `99…`, `90…`) use codes outside it, and the check digits
 * already catch typing errors.
 */

const PATTERN = /^(\d{2,12})(?:-([0-9A-Za-z]{1,30}))?-(\d{2})$/;

export type LeitwegIdProblem = 'format' | 'check-digits';

export type LeitwegIdCheck =
  | { ok: true; value: string; coarse: string; fine: string | null; checkDigits: string }
  | { ok: false; problem: LeitwegIdProblem; expectedCheckDigits?: string };

/** Digits of `s` with letters replaced A=10 … Z=35 (case-insensitive). */
function toDigits(s: string): string {
  let out = '';
  for (const ch of s.toUpperCase()) {
    const code = ch.charCodeAt(0);
    out += code >= 65 && code <= 90 ? String(code - 55) : ch;
  }
  return out;
}

/** Remainder of a long decimal string modulo 97, chunked so no precision is lost. */
function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) {
    rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  }
  return rest;
}

/** The two check digits for a coarse and optional fine address. */
export function leitwegCheckDigits(coarse: string, fine?: string | null): string {
  const rest = mod97(toDigits(coarse + (fine ?? '')) + '00');
  return String(98 - rest).padStart(2, '0');
}

/**
 * Checks a Leitweg-ID. Surrounding blanks are ignored; the fine address is normalised to
 * upper case, since intake routes by the exact stored value.
 */
export function checkLeitwegId(input: string): LeitwegIdCheck {
  const match = PATTERN.exec(input.trim());
  if (!match) return { ok: false, problem: 'format' };
  const coarse = match[1];
  const fine = match[2] ? match[2].toUpperCase() : null;
  const checkDigits = match[3];
  const expected = leitwegCheckDigits(coarse, fine);
  if (expected !== checkDigits) return { ok: false, problem: 'check-digits', expectedCheckDigits: expected };
  return {
    ok: true,
    value: [coarse, fine, checkDigits].filter((p) => p !== null).join('-'),
    coarse,
    fine,
    checkDigits,
  };
}

export function isValidLeitwegId(input: string): boolean {
  return checkLeitwegId(input).ok;
}
