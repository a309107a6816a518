import { secureParse } from '../../../validation/xml/secure-parse.js';
import { SchemaStore } from '../../../validation/xsd/schema-store.js';
import type { SchemaError } from '../../../validation/xsd/schema-manifest.js';
import { IMPORT_BESTAETIGEN, RUECKMELDUNG_ERFOLG, XDOMEA_NS } from './xdomea-messages.js';

/** What a DMS said in a `FVDaten.ImportBestaetigen.0630`. */
export interface ImportBestaetigung {
  readonly prozessId: string;
  readonly success: boolean;
  /** The Rueckmeldungen as text: codes (`0000018`) and free error texts, in order. */
  readonly rueckmeldungen: readonly string[];
  /** IDSGO of the first Rueckgabeparameter: the object's id in the DMS. */
  readonly idSgo: string | null;
}

export type ReadAnswer =
  | { readonly ok: true; readonly answer: ImportBestaetigung }
  | { readonly ok: false; readonly reason: string };

const NS = { x: XDOMEA_NS };

/**
 * Reads a 0630 (hardened parse: no DTD, no entities, no network). Checked against the
 * xdomea schema when a store with the installed schemas is given. Success means every
 * Rueckmeldung is AllgemeineRueckmeldung 0000000 ("Ausführung wurde erfolgreich beendet").
 */
export function readImportBestaetigung(bytes: Uint8Array, schemas?: SchemaStore): ReadAnswer {
  const parsed = secureParse(bytes);
  if (parsed.ok === false) return { ok: false, reason: `not well-formed XML (${parsed.finding.id})` };
  const doc = parsed.doc;
  try {
    const root = doc.root;
    if (root.name !== IMPORT_BESTAETIGEN || root.namespaceUri !== XDOMEA_NS) {
      return { ok: false, reason: `not a ${IMPORT_BESTAETIGEN} message` };
    }
    if (schemas) {
      const errors: SchemaError[] | null = schemas.validate(doc, 'xdomea-fvdaten');
      if (errors && errors.length > 0) {
        return { ok: false, reason: `not valid xdomea 3.0.0: ${errors[0].message} (line ${errors[0].line})` };
      }
    }
    const prozessId = doc.get('/x:*/x:Kopf/x:ProzessID', NS)?.content.trim() ?? '';
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(prozessId)) {
      return { ok: false, reason: 'no ProzessID' };
    }
    const rueckmeldungen: string[] = [];
    let success = true;
    const items = doc.find('/x:*/x:ErfolgOderMisserfolg/x:Rueckmeldung/*', NS);
    for (const item of items) {
      const name = (item as unknown as { name: string }).name;
      const code = item.get('code')?.content.trim();
      if (name === 'AllgemeineRueckmeldung' && code === RUECKMELDUNG_ERFOLG) {
        rueckmeldungen.push(code);
        continue;
      }
      success = false;
      rueckmeldungen.push(code ?? item.content.trim().slice(0, 500));
    }
    if (items.length === 0) return { ok: false, reason: 'no Rueckmeldung' };
    // A Rueckgabeparameter of an object that was not filed says so too.
    for (const flag of doc.find('/x:*/x:ErfolgOderMisserfolg/x:Rueckgabeparameter/x:Erfolgreich', NS)) {
      const v = flag.content.trim();
      if (v === 'false' || v === '0') success = false;
    }
    const idSgo = doc.get('/x:*/x:ErfolgOderMisserfolg/x:Rueckgabeparameter/x:IDSGO', NS)?.content.trim();
    return {
      ok: true,
      answer: { prozessId: prozessId.toLowerCase(), success, rueckmeldungen, idSgo: idSgo ?? null },
    };
  } finally {
    doc.dispose();
  }
}

/** Schema errors of an xdomea FVDaten message; null when the schemas are not installed. */
export function checkXdomea(xml: Uint8Array, schemas: SchemaStore): SchemaError[] | null {
  const parsed = secureParse(xml);
  if (parsed.ok === false) return [{ message: parsed.finding.id, line: 0 }];
  try {
    return schemas.validate(parsed.doc, 'xdomea-fvdaten');
  } finally {
    parsed.doc.dispose();
  }
}
