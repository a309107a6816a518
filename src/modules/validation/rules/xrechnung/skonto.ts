/**
 * The XRechnung cash-discount convention in "Payment terms" (BT-20), checked by BR-DE-18:
 *
 *   #SKONTO#TAGE=14#PROZENT=2.00#
 *   #SKONTO#TAGE=30#PROZENT=1.50#BASISBETRAG=1000.00#
 *
 * one entry per line, upper case, no extra blanks, percentage with exactly two decimals,
 * the optional base amount (when the discount applies to part of the amount due) as an
 * Amount with two decimals, and a line break after the last entry. Free text may precede or
 * follow on lines of its own (lines not starting with '#').
 *
 * The check mirrors the official XPath exactly, including its quirks: only lines whose
 * normalised text starts with '#' are inspected, and the text after the last `#…#` run must
 * begin with blanks that contain a line feed.
 */

/** One cash-discount entry. Percent and base amount stay decimal strings (compute with decimal.js). */
export interface SkontoTerm {
  /** Days after the invoice date (BT-2) within which the discount applies. */
  readonly days: number;
  /** Discount rate in percent, e.g. '2.00'. */
  readonly percent: string;
  /** Base amount when the discount applies only to part of the amount due (BT-115); may be negative. */
  readonly baseAmount?: string;
  /** 1-based line of the entry within BT-20. */
  readonly line: number;
}

export interface SkontoParseResult {
  /** BR-DE-18 verdict for this text: true when the official rule would not fire. */
  readonly valid: boolean;
  /** Well-formed entries, in order (also when another line makes the text invalid). */
  readonly terms: readonly SkontoTerm[];
  /** Lines that start with '#' but do not follow the convention, as written (normalised). */
  readonly invalidLines: readonly string[];
  /** The last entry is not followed by a line break. */
  readonly missingFinalLineBreak: boolean;
}

const ENTRY = /^#SKONTO#TAGE=([0-9]+)#PROZENT=([0-9]+\.[0-9]{2})(?:#BASISBETRAG=(-?[0-9]+\.[0-9]{2}))?#$/;
/** XML Schema regex '.' matches anything but line feed and carriage return. */
const HASH_RUN = /#[^\n\r]+#/;
const LINE_BREAK = /\r?\n/;

function normalizeSpace(s: string): string {
  return s.replace(/[\t\n\r ]+/g, ' ').trim();
}

/** Parses BT-20 (the string value of the first note/description of one payment terms group). */
export function parseSkontoTerms(text: string): SkontoParseResult {
  const terms: SkontoTerm[] = [];
  const invalidLines: string[] = [];
  // XPath tokenize('') yields no tokens at all.
  const lines = text === '' ? [] : text.split(LINE_BREAK);
  let inspected = 0;
  lines.forEach((line, i) => {
    const n = normalizeSpace(line);
    if (!n.startsWith('#')) return;
    inspected++;
    const m = ENTRY.exec(n);
    if (!m) {
      invalidLines.push(n);
      return;
    }
    terms.push(
      m[3] === undefined
        ? { days: Number(m[1]), percent: m[2], line: i + 1 }
        : { days: Number(m[1]), percent: m[2], baseAmount: m[3], line: i + 1 },
    );
  });
  const missingFinalLineBreak = inspected > 0 && !lineBreakAfterLastRun(text);
  return {
    valid: inspected === 0 || (invalidLines.length === 0 && !missingFinalLineBreak),
    terms,
    invalidLines,
    missingFinalLineBreak,
  };
}

/** `matches(tokenize(., '#.+#')[last()], '^\s*\n')` */
function lineBreakAfterLastRun(text: string): boolean {
  const parts = text.split(HASH_RUN);
  const last = parts[parts.length - 1];
  return /^[ \t\n\r]*\n/.test(last);
}

/**
 * BR-DE-18 over all first notes/descriptions of the payment terms groups, in the order the
 * official XPath evaluates it: for each inspected line, first the entry syntax, then the
 * line break after the last entry. That second operand names the last token of every text
 * at once; with two or more non-empty texts the official XSLT fails at run time there
 * (matches() on a sequence), which is returned as 'undecidable'.
 */
export function checkSkontoTexts(texts: readonly string[]): 'ok' | 'fail' | 'undecidable' {
  const nonEmpty = texts.filter((t) => t !== '');
  for (const t of nonEmpty) {
    for (const line of t.split(LINE_BREAK)) {
      const n = normalizeSpace(line);
      if (!n.startsWith('#')) continue;
      if (!ENTRY.test(n)) return 'fail';
      if (nonEmpty.length > 1) return 'undecidable';
      if (!lineBreakAfterLastRun(t)) return 'fail';
    }
  }
  return 'ok';
}
