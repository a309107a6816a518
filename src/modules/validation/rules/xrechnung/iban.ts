/**
 * The IBAN test of BR-DE-19 / BR-DE-20, as the official rules compute it: all whitespace
 * removed, shape `^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$`, then ISO 7064 mod 97-10 over the
 * rearranged account where every character with a code point above 64 becomes
 * `codepoint - 55` (so lower-case letters yield other numbers than their upper-case forms,
 * exactly like the official XPath) and every other character `codepoint - 48`.
 */
export function isValidIbanAsOfficial(value: string): boolean {
  const s = value.replace(/[ \n\r\t\s]/g, '');
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 2).toUpperCase() + s.slice(2, 4);
  let digits = '';
  for (const ch of rearranged) {
    const cp = ch.codePointAt(0)!;
    digits += String(cp > 64 ? cp - 55 : cp - 48);
  }
  // Piecewise remainder keeps the numbers small (same result as the arbitrary-precision integer).
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest === 1;
}
