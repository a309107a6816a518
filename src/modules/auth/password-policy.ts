/**
 * What makes a chosen password acceptable (NIST SP 800-63B §5.1.1.2): at least 12
 * characters, and not one an attacker tries first — a password from the lists of the most
 * common and leaked ones (`common-passwords.txt`), repetitions and simple sequences
 * (`111111111111`, `123456789012`, `qwertzuiopas`), or essentially the account's own
 * e-mail address or the organisation's name. No composition rules (digits, symbols): they
 * do not make passwords stronger, only harder to remember.
 *
 * "Essentially": what is left after removing the personal term or the common password
 * (`Musterstadt2024!` leaves `2024!`) is itself weak. A common word with plenty of
 * randomness around it passes.
 */
import { readFileSync } from 'node:fs';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import { MIN_PASSWORD_LENGTH } from './auth.policy.js';

export type PasswordProblem =
  'AUTH_PASSWORD_TOO_WEAK' | 'AUTH_PASSWORD_TRIVIAL' | 'AUTH_PASSWORD_PERSONAL' | 'AUTH_PASSWORD_COMMON';

export interface PasswordContext {
  /** The account's e-mail address. */
  readonly email?: string;
  /** The name of the account's tenant (organisation). */
  readonly tenantName?: string;
}

let common: Set<string> | undefined;

/** The shipped list, read once on first use (about 10,000 entries). */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('#')),
  );
  return common;
}

// Keyboard rows (German and English layouts): walking along one is a sequence too.
const ROWS = ['1234567890ß', 'qwertzuiopü', 'qwertyuiop', 'asdfghjklöä', 'asdfghjkl', 'yxcvbnm', 'zxcvbnm'];

/** `b` follows `a` in a simple sequence: the next or previous letter or digit, or key in a row. */
function adjacent(a: string, b: string): boolean {
  const d = b.charCodeAt(0) - a.charCodeAt(0);
  const sameClass = (/[a-z]/.test(a) && /[a-z]/.test(b)) || (/[0-9]/.test(a) && /[0-9]/.test(b));
  if (sameClass && (d === 1 || d === -1)) return true;
  if ((a === '9' && b === '0') || (a === '0' && b === '9')) return true;
  return ROWS.some((row) => {
    const i = row.indexOf(a);
    return i >= 0 && (row[i + 1] === b || (i > 0 && row[i - 1] === b));
  });
}

/** Repetitions and simple sequences: few distinct characters, a repeated block, or at most two runs. */
export function isTrivial(s: string): boolean {
  const chars = [...s];
  if (chars.length === 0) return true;
  if (new Set(chars).size <= 3) return true;
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((c, i) => c === chars[i % period])) return true;
  }
  let runs = 1;
  for (let i = 1; i < chars.length; i++) if (!adjacent(chars[i - 1], chars[i])) runs++;
  return runs <= 2;
}

/** What is left once a known term is taken out is weak on its own. */
function weakRest(rest: string): boolean {
  return rest.length <= 6 || isTrivial(rest) || commonPasswords().has(rest);
}

function personalTerms(ctx: PasswordContext): string[] {
  const terms = new Set<string>();
  const add = (t: string | undefined) => {
    const v = t?.trim().toLowerCase();
    if (v && v.length >= 3) terms.add(v);
  };
  if (ctx.email) {
    const email = ctx.email.trim().toLowerCase();
    add(email);
    const [local, domain = ''] = email.split('@');
    add(local);
    for (const part of local.split(/[._+-]/)) if (part.length >= 4) add(part);
    for (const label of domain.split('.').slice(0, -1)) if (label.length >= 4) add(label);
  }
  if (ctx.tenantName) {
    const name = ctx.tenantName.normalize('NFKC').toLowerCase();
    add(name);
    add(name.replace(/[^\p{L}\p{N}]+/gu, ''));
    for (const word of name.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 4) add(word);
  }
  // Longest first, so that the whole address goes before its local part.
  return [...terms].sort((x, y) => y.length - x.length);
}

/** The first problem of a chosen password, or undefined when it is acceptable. */
export function passwordProblem(password: string, ctx: PasswordContext = {}): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'AUTH_PASSWORD_TOO_WEAK';
  const norm = password.normalize('NFKC').toLowerCase();
  if (isTrivial(norm)) return 'AUTH_PASSWORD_TRIVIAL';

  let rest = norm;
  for (const term of personalTerms(ctx)) rest = rest.split(term).join('');
  if (rest !== norm && weakRest(rest)) return 'AUTH_PASSWORD_PERSONAL';

  const list = commonPasswords();
  if (list.has(norm)) return 'AUTH_PASSWORD_COMMON';
  // A common password with a little decoration around it: `password2024!`, `!!iloveyou12`.
  const m = /^([^\p{L}]*)(.*?)([^\p{L}]*)$/u.exec(norm);
  const core = m?.[2] ?? '';
  if (core.length >= 3 && core !== norm && list.has(core) && weakRest((m?.[1] ?? '') + (m?.[3] ?? '')))
    return 'AUTH_PASSWORD_COMMON';
  return undefined;
}

/** Throws the domain error of the first problem (400, with de/en messages). */
export function assertAcceptablePassword(password: string, ctx: PasswordContext = {}): void {
  const problem = passwordProblem(password, ctx);
  if (problem) throw new DomainError(AuthErrors[problem]);
}
