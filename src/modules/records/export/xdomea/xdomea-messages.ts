/**
 * xdomea 3.0.0 messages of the Fachverfahren ↔ DMS group (FVDaten, code list
 * Nachrichtentyp 2.0): the filing `FVDaten.SGOAblegen.0605` the export sends, and the
 * answer `FVDaten.ImportBestaetigen.0630` a DMS sends back (built here too, for tests and
 * the DMS simulator, and read by `readImportBestaetigung`).
 *
 * Pure: no clock, no randomness, no I/O — the caller passes the ProzessID, the UUIDs and
 * the time. Element order and required elements follow
 * `xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd` and `xdomea-Baukasten.xsd`
 * (the tests validate every message against them). Namespace prefix `xdomea`.
 */
export const XDOMEA_NS = 'urn:xoev-de:xdomea:schema:3.0.0';
export const SGO_ABLEGEN = 'FVDaten.SGOAblegen.0605';
export const IMPORT_BESTAETIGEN = 'FVDaten.ImportBestaetigen.0630';
/** AllgemeineRueckmeldung 1.1: "Ausführung wurde erfolgreich beendet." */
export const RUECKMELDUNG_ERFOLG = '0000000';

export interface XdomeaSystem {
  readonly produktname: string;
  readonly version?: string;
  readonly instanzId?: string;
}

export interface XdomeaKopf {
  readonly prozessId: string;
  /** Erstellungszeitpunkt. */
  readonly createdAt: Date;
  /** Institution (name) of the sender: the tenant's authority. */
  readonly absender: string;
  /** Institution (name) of the receiver: the authority running the DMS. */
  readonly empfaenger: string;
  readonly sendendesSystem: XdomeaSystem;
  readonly empfangendesSystem: XdomeaSystem;
  /** Erstellerkennung: who or what produced the message. */
  readonly erstellerkennung: string;
}

export interface XdomeaDokument {
  /** Identifikation/ID of the logical document (the DMS makes its own, see 0605's hint). */
  readonly id: string;
  /** UUID of the file itself (every file its own UUID): the Dateiname starts with it. */
  readonly fileId: string;
  readonly betreff: string;
  /** The file name as filed (DateinameOriginal); the container holds it as `<fileId>_<name>`. */
  readonly name: string;
  readonly mediaType: string;
  /** Version of the file format (e.g. '1.7' for a PDF 1.7); '' when unknown. */
  readonly formatVersion: string;
  readonly filedAt: Date;
}

export interface XdomeaVorgang {
  readonly id: string;
  /** FachverfahrenObjektID: the Vorgang's id in this system. */
  readonly fachverfahrenObjektId: string;
  readonly betreff: string;
  /** The Aktenzeichen (AllgemeineMetadaten/Kennzeichen). */
  readonly aktenzeichen: string;
  readonly dokumente: readonly XdomeaDokument[];
}

/** Dateiformat 1.0 codes for the media types the record holds; everything else is 100 Sonstiges. */
const DATEIFORMAT: Readonly<Record<string, string>> = {
  'application/pdf': '018',
  'application/xml': '030',
  'text/xml': '030',
  'text/html': '008',
  'message/rfc822': '006',
  'application/vnd.ms-outlook': '012',
  'text/plain': '045',
  'text/csv': '002',
  'image/png': '019',
  'image/jpeg': '011',
  'image/tiff': '023',
  'image/bmp': '001',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '035',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '036',
};
export const DATEIFORMAT_SONSTIGES = '100';

export function dateiformatOf(mediaType: string): string {
  const bare = mediaType.split(';')[0].trim().toLowerCase();
  if (DATEIFORMAT[bare]) return DATEIFORMAT[bare];
  if (bare.endsWith('+xml')) return '030';
  return DATEIFORMAT_SONSTIGES;
}

/** The file name of a document in the container: `<fileId>_<name>`, the name made safe for any file system. */
export function containerFileName(d: Pick<XdomeaDokument, 'fileId' | 'name'>): string {
  const safe = d.name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 150);
  return `${d.fileId}_${safe || 'dokument'}`;
}

/** `{ProzessID}_{Nachrichtenname}`: the 3.0 naming of a message's container and XML. */
export function messageBaseName(prozessId: string, message: string): string {
  return `${prozessId}_${message}`;
}

export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** xs:dateTime in UTC without fractions. */
function dateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const el = (name: string, content: string): string => `<xdomea:${name}>${content}</xdomea:${name}>`;
const text = (name: string, value: string): string => el(name, escapeXml(value));
const opt = (name: string, value: string | undefined): string => (value ? text(name, value) : '');

function kontakt(name: string, institution: string): string {
  return el(name, el('Institution', text('Name', institution)));
}

function system(name: string, s: XdomeaSystem): string {
  return el(
    name,
    opt('InstanzID', s.instanzId) + text('Produktname', s.produktname) + opt('Version', s.version),
  );
}

function nachrichtentyp(code: '0605' | '0630'): string {
  return `<xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>${code}</code></xdomea:Nachrichtentyp>`;
}

/** NkBasisType + NkFVDatenType: the part of the Kopf every FVDaten message shares. */
function kopfBasis(k: XdomeaKopf, code: '0605' | '0630'): string {
  return (
    text('ProzessID', k.prozessId) +
    nachrichtentyp(code) +
    text('Erstellungszeitpunkt', dateTime(k.createdAt)) +
    kontakt('Absender', k.absender) +
    kontakt('Empfaenger', k.empfaenger) +
    system('SendendesSystem', k.sendendesSystem) +
    system('EmpfangendesSystem', k.empfangendesSystem)
  );
}

function dokument(d: XdomeaDokument, position: number): string {
  const code = dateiformatOf(d.mediaType);
  const format =
    `<xdomea:Name listURI="urn:xoev-de:xdomea:codeliste:dateiformat" listVersionID="1.0"><code>${code}</code></xdomea:Name>` +
    (code === DATEIFORMAT_SONSTIGES ? text('SonstigerName', d.mediaType) : '') +
    text('Version', d.formatVersion) +
    el(
      'Primaerdokument',
      text('Dateiname', containerFileName(d)) +
        text('DateinameOriginal', d.name) +
        text('DatumUhrzeit', dateTime(d.filedAt)),
    );
  return el(
    'Dokument',
    el('Identifikation', text('ID', d.id) + text('NummerImUebergeordnetenContainer', String(position))) +
      el('AllgemeineMetadaten', text('Betreff', d.betreff)) +
      el('Version', text('Nummer', '1') + el('Format', format)),
  );
}

/**
 * `FVDaten.SGOAblegen.0605`: one SchriftgutobjektZumAblegen holding the Vorgang with its
 * Dokumente. Importbestaetigung is fixed to 1 by the schema: the DMS must answer with 0630.
 */
export function buildSgoAblegen(kopf: XdomeaKopf, vorgang: XdomeaVorgang): string {
  const k =
    kopfBasis(kopf, '0605') +
    text('Empfangsbestaetigung', 'false') +
    text('Importbestaetigung', '1') +
    text('Erstellerkennung', kopf.erstellerkennung) +
    text('Stapel', 'false');
  const v = el(
    'Vorgang',
    el('Identifikation', text('ID', vorgang.id)) +
      el(
        'AllgemeineMetadaten',
        text('Betreff', vorgang.betreff) + text('Kennzeichen', vorgang.aktenzeichen),
      ) +
      vorgang.dokumente.map((d, i) => dokument(d, i + 1)).join(''),
  );
  const sgo = el(
    'SchriftgutobjektZumAblegen',
    text('NummerImStapel', '1') +
      text('FachverfahrenObjektID', vorgang.fachverfahrenObjektId) +
      el('Schriftgutobjekt', v),
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<xdomea:${SGO_ABLEGEN} xmlns:xdomea="${XDOMEA_NS}">${el('Kopf', k)}${sgo}</xdomea:${SGO_ABLEGEN}>\n`
  );
}

/** One Rueckmeldung of a 0630: a code of AllgemeineRueckmeldung 1.1, or a free error text. */
export type Rueckmeldung = { readonly allgemein: string } | { readonly sonstigeFehlermeldung: string };

export interface ImportBestaetigungInput {
  /** The ProzessID of the message it answers (all messages of one process share it). */
  readonly kopf: XdomeaKopf;
  readonly fvSessionId: string;
  readonly rueckmeldungen: readonly Rueckmeldung[];
  /** IDSGO: the UUID the DMS gave the filed object (success only). */
  readonly idSgo?: string;
}

/** `FVDaten.ImportBestaetigen.0630`: the DMS's answer (for tests and the DMS simulator). */
export function buildImportBestaetigung(input: ImportBestaetigungInput): string {
  const k = kopfBasis(input.kopf, '0630') + text('FVSessionID', input.fvSessionId);
  const rueck = input.rueckmeldungen
    .map((r) =>
      el(
        'Rueckmeldung',
        'allgemein' in r
          ? `<xdomea:AllgemeineRueckmeldung listURI="urn:xoev-de:xdomea:codeliste:allgemeinerueckmeldung" listVersionID="1.1"><code>${escapeXml(r.allgemein)}</code></xdomea:AllgemeineRueckmeldung>`
          : text('SonstigeFehlermeldung', r.sonstigeFehlermeldung),
      ),
    )
    .join('');
  const param = input.idSgo
    ? el(
        'Rueckgabeparameter',
        text('NummerImStapel', '1') +
          text('IDSGO', input.idSgo) +
          el('Parameter', text('Ablageort', input.idSgo)) +
          text('Erfolgreich', 'true'),
      )
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<xdomea:${IMPORT_BESTAETIGEN} xmlns:xdomea="${XDOMEA_NS}">${el('Kopf', k)}${el('ErfolgOderMisserfolg', rueck + param)}</xdomea:${IMPORT_BESTAETIGEN}>\n`
  );
}
