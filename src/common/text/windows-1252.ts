/**
 * Windows-1252: Latin-1 except for 0x80–0x9F, which hold € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” •
 * – — ˜ ™ š › œ ž Ÿ. Written here rather than with TextDecoder: Node's ICU-less builds decode
 * the label as ISO-8859-1, which turns `€`, `„` and `–` into control codes. The encoding of
 * chart-of-accounts CSVs saved by Excel (read) and of DATEV files (written).
 */

/** The code points of bytes 0x80–0x9F; the five unassigned bytes keep their own value, as WHATWG maps them. */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Code point → byte for the assigned characters of 0x80–0x9F. */
const BYTE_OF = new Map(HIGH.flatMap((cp, i) => (cp === 0x80 + i ? [] : [[cp, 0x80 + i] as const])));

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : b)));
  }
  return out;
}

/** Text as Windows-1252 bytes; a character the code page cannot hold becomes `?`. */
export function encodeWindows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out[n++] = cp;
    else out[n++] = BYTE_OF.get(cp) ?? 0x3f;
  }
  return out.subarray(0, n);
}
