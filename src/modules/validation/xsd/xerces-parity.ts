import { XmlCData, XmlElement, XmlXPath, type XmlDocument, type XmlNode } from 'libxml2-wasm';
import { nextSibling } from '../xml/parse.js';
import type { ForeignBinary } from './binary-elision.js';
import { FOREIGN_MARK, textOf } from './binary-elision.js';
import type { SchemaError } from './schema-manifest.js';

/**
 * Where libxml2's schema validator rejects what the official engine (Xerces, in the KoSIT
 * validator) accepts, found by the differential check (scripts/xsd-diff.mjs):
 *
 * - a value of xs:date, xs:time or xs:dateTime (UBL cbc:IssueDate, cbc:IssueTime, CII
 *   udt:DateTime, ...) with whitespace before or after it. These types collapse whitespace
 *   before their lexical check; libxml2 does not for them;
 * - a CDATA section of whitespace only (or empty) where only elements may stand. Xerces
 *   takes its content as the whitespace it is; libxml2 refuses any CDATA section there.
 *
 * Both are repaired in libxml2's copy of the document, which serves the schema check only
 * (the rules read our own tree, as KoSIT's Schematron reads the document as sent), and only
 * for a document libxml2 has rejected for one of these reasons: a valid document costs
 * nothing. The repaired document is then validated again.
 */

/** The built-in types whose whitespace facet is not `collapse`. */
const NOT_COLLAPSED = new Set(['string', 'normalizedString', 'anySimpleType']);

const ATOMIC =
  /^Element '(?:\{([^}]*)\})?([^']+)': '([\s\S]*)' is not a valid value of the atomic type 'xs:(\w+)'/;
const ELEMENT_ONLY =
  /^Element '(?:\{([^}]*)\})?([^']+)': Character content other than whitespace is not allowed because the content type is 'element-only'/;

/** XML whitespace collapsed as the `collapse` facet does. */
function collapse(s: string): string {
  return s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

const ONLY_SPACE = /^[ \t\n\r]*$/;

/**
 * Repairs, in `doc`, what libxml2 misjudged among `errors` (see above). Returns how many
 * elements were changed: when none, the errors stand as they are.
 */
export function repairMisjudgements(doc: XmlDocument, errors: readonly SchemaError[]): number {
  let changed = 0;
  for (const e of errors) {
    const atomic = ATOMIC.exec(e.message);
    if (atomic && !NOT_COLLAPSED.has(atomic[4])) {
      for (const el of elementsAt(doc, atomic[1] ?? '', atomic[2], e.line)) {
        // (a leading U+FEFF, which is not whitespace, kept: see textOf)
        const value = textOf(el);
        const collapsed = collapse(value);
        if (collapsed === value) continue;
        replaceContent(el, collapsed);
        changed++;
      }
      continue;
    }
    const elementOnly = ELEMENT_ONLY.exec(e.message);
    if (elementOnly) {
      for (const el of elementsAt(doc, elementOnly[1] ?? '', elementOnly[2], e.line)) {
        const blanks: XmlNode[] = [];
        for (let c: XmlNode | null = el.firstChild; c !== null; c = nextSibling(c))
          if (c instanceof XmlCData && ONLY_SPACE.test(c.content)) blanks.push(c);
        for (const c of blanks) c.remove();
        changed += blanks.length;
      }
    }
  }
  return changed;
}

/** The elements of that name whose start tag libxml2 put on that line. */
function elementsAt(doc: XmlDocument, ns: string, local: string, line: number): XmlElement[] {
  if (!/^[\w.-]+$/.test(local)) return [];
  const quote = ns.includes("'") ? '"' : "'";
  if (ns.includes(quote)) return [];
  const xpath = XmlXPath.compile(`//*[local-name()='${local}' and namespace-uri()=${quote}${ns}${quote}]`);
  try {
    return doc.root.find(xpath).filter((n): n is XmlElement => n instanceof XmlElement && n.line === line);
  } finally {
    xpath.dispose();
  }
}

function replaceContent(el: XmlElement, text: string): void {
  for (let c = el.firstChild; c !== null; c = el.firstChild) c.remove();
  el.addText(text);
}

/**
 * libxml2's errors on binary elements that were given FOREIGN_MARK in place of their text
 * (xsd/binary-elision.ts), told with the text they hold.
 */
export function restoreForeignBinaries(
  errors: SchemaError[],
  foreign: readonly ForeignBinary[],
): SchemaError[] {
  if (foreign.length === 0) return errors;
  return errors.map((e) => {
    const hit = foreign.find((f) => f.line === e.line);
    const mark = `': '${FOREIGN_MARK}' is not a valid value`;
    if (!hit || !e.message.includes(mark)) return e;
    const shown = hit.text.length > 60 ? hit.text.slice(0, 60) + '…' : hit.text;
    return { ...e, message: e.message.replace(mark, `': '${shown}' is not a valid value`) };
  });
}
