import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { RELEASE_LAYERS } from '../../validation/rule-sets.js';
import { RELEASES } from '../../validation/scenario/scenarios.js';
import { loadManifest } from '../../validation/xsd/schema-manifest.js';
import {
  contentHash,
  renderHtml,
  renderPdf,
  sectionHash,
  type ProcedureBlock,
  type ProcedureSection,
} from './procedure-render.js';
import { ProcedureRepository, type ProcedureFacts } from './procedure.repository.js';
import { RecordsIntegrityRepository, type ProcedureVersionRow } from './records-integrity.repository.js';

export interface ProcedureRun {
  /** `created`: a new version; `unchanged`: the content equals the latest version, which is returned. */
  readonly status: 'created' | 'unchanged';
  readonly version: number;
  readonly html: Buffer;
  readonly pdf: Buffer;
  readonly htmlSha256: string;
  readonly pdfSha256: string;
  readonly changedSections: readonly string[];
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '–');
const none = (rows: readonly unknown[], text = 'keine konfiguriert (none configured)') =>
  rows.length === 0 ? [text] : [];

/**
 * The tenant's Verfahrensdokumentation (GoBD Rz. 151–155): the four components —
 * allgemeine Beschreibung, Anwenderdokumentation, technische Systemdokumentation,
 * Betriebsdokumentation — generated from the configuration and tables that define the
 * procedure as practised. Versioned: a run whose content differs from the latest version
 * stores a new version (HTML and PDF in the blob store, a row in
 * `record_procedure_versions`, an audit entry); old versions are never changed or removed.
 */
@Injectable()
export class ProcedureService {
  constructor(
    private readonly repo: RecordsIntegrityRepository,
    private readonly facts: ProcedureRepository,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly config: AppConfig,
  ) {}

  async generate(tenantId: string, actor: string, now = new Date()): Promise<ProcedureRun> {
    const facts = await this.facts.facts(tenantId);
    const sections = this.sections(facts);
    const hash = contentHash(sections);
    const latest = await this.repo.latestProcedureVersion(tenantId);
    if (latest && latest.contentSha256 === hash) return this.load(tenantId, latest, 'unchanged');
    const hashes = Object.fromEntries(sections.map((s) => [s.key, sectionHash(s)]));
    const changed = latest
      ? sections.filter((s) => latest.sections[s.key] !== hashes[s.key]).map((s) => s.title)
      : [];
    return this.repo.inTenant(tenantId, async (m) => {
      // The version number is taken under the tenant's lock inside insertProcedureVersion;
      // the files are rendered with a provisional number and re-rendered if it differs.
      const next = (latest?.version ?? 0) + 1;
      const render = async (version: number) => {
        const doc = {
          tenantName: facts.tenant.name,
          version,
          createdAt: now,
          createdBy: actor,
          changedSincePrevious: latest ? { version: version - 1, sections: changed } : undefined,
          sections,
        };
        const html = Buffer.from(renderHtml(doc), 'utf8');
        const pdf = Buffer.from(await renderPdf(doc));
        return { html, pdf, htmlPut: await this.blobs.put(html), pdfPut: await this.blobs.put(pdf) };
      };
      const files = await render(next);
      const row = await this.repo.insertProcedureVersion(m, tenantId, {
        htmlSha256: files.htmlPut.sha256,
        pdfSha256: files.pdfPut.sha256,
        contentSha256: hash,
        sections: hashes,
        createdBy: actor,
      });
      if (row.version !== next)
        throw new Error('procedure documentation: another run took the version; run again');
      await this.audit.record({
        tenantId,
        actor,
        action: 'records.procedure_version',
        subject: `record-procedure:${row.version}`,
        data: {
          version: row.version,
          htmlSha256: row.htmlSha256,
          pdfSha256: row.pdfSha256,
          contentSha256: hash,
          changedSections: changed,
        },
      });
      return {
        status: 'created',
        version: row.version,
        html: files.html,
        pdf: files.pdf,
        htmlSha256: row.htmlSha256,
        pdfSha256: row.pdfSha256,
        changedSections: changed,
      };
    });
  }

  /** A stored version, read back from the blob store. */
  async version(tenantId: string, version: number): Promise<ProcedureRun | undefined> {
    const row = await this.repo.procedureVersion(tenantId, version);
    return row ? this.load(tenantId, row, 'unchanged') : undefined;
  }

  private async load(_tenantId: string, row: ProcedureVersionRow, status: ProcedureRun['status']) {
    const html = await this.blobs.get(row.htmlSha256);
    const pdf = await this.blobs.get(row.pdfSha256);
    if (!html || !pdf)
      throw new Error(`procedure documentation version ${row.version}: its files are missing`);
    return {
      status,
      version: row.version,
      html,
      pdf,
      htmlSha256: row.htmlSha256,
      pdfSha256: row.pdfSha256,
      changedSections: [],
    };
  }

  private sections(f: ProcedureFacts): ProcedureSection[] {
    const manifest = (() => {
      try {
        return loadManifest();
      } catch {
        return undefined;
      }
    })();
    const releases = this.config.get('VALIDATION_RELEASES');
    const ruleSets = Object.entries(RELEASE_LAYERS).flatMap(([release, layers]) =>
      [...layers.cen, ...layers.xrechnung].map((s) => [release, s.name, s.version, String(s.rules.length)]),
    );
    const allgemein: ProcedureBlock[] = [
      {
        heading: 'Gegenstand und Zweck',
        paragraphs: [
          `Empfang, Prüfung, Freigabe und revisionssichere Ablage elektronischer Rechnungen (XRechnung, ZUGFeRD/Factur-X, EN 16931) für ${f.tenant.name} (${f.tenant.kind === 'municipality' ? 'Kommune' : 'Unternehmen'}, Mandant ${f.tenant.slug}, eingerichtet ${day(f.tenant.createdAt)}).`,
          'Ablauf: Eingang über die unten genannten Kanäle → unveränderte Speicherung des Originals (Hashwert SHA-256) vor jeder Quittung → Erkennung, Extraktion und Validierung → Dublettenprüfung → Freigabe (sachliche und rechnerische Feststellung, Anordnung) → Ablage in der E-Akte (Akte/Vorgang/Dokument) → Übergabe der Buchung an das Finanzverfahren.',
          'Jeder Statuswechsel wird im hash-verketteten Prüfprotokoll (Audit-Log) festgehalten.',
        ],
      },
      {
        heading: 'Rechnungsempfänger-Kennungen',
        paragraphs: none(f.receiverIds),
        table: f.receiverIds.length
          ? {
              headers: ['Schema', 'Kennung', 'seit'],
              rows: f.receiverIds.map((r) => [r.scheme, r.value, day(r.createdAt)]),
            }
          : undefined,
      },
    ];
    const anwender: ProcedureBlock[] = [
      {
        heading: 'Freigaberichtlinien und ihre Geltung',
        paragraphs: [
          ...none(f.policies, 'keine Richtlinie aktiviert (none configured)'),
          'Eine Richtlinie gilt ab ihrer Aktivierung bis zur Aktivierung der nächsten Version; Rechnungen werden nach der bei Freigabebeginn geltenden Version bearbeitet.',
        ],
        table: f.policies.length
          ? {
              headers: [
                'Version',
                'Name',
                'Vorlage',
                'aktiviert am',
                'von',
                'Stand',
                'Schritte',
                'Betragsbasis',
              ],
              rows: f.policies.map((p) => [
                String(p.version),
                p.name,
                p.preset ?? '–',
                p.activatedAt ? p.activatedAt.toISOString() : '–',
                p.activatedBy ?? '–',
                p.state,
                (p.definition.steps ?? [])
                  .map((s) => `${s.label?.de ?? s.key ?? '?'} (${s.kind ?? '?'})`)
                  .join(', '),
                p.definition.amountBasis ?? '–',
              ]),
            }
          : undefined,
      },
      {
        heading: 'Rollen und Berechtigte',
        paragraphs: [
          'Rollen: admin (Verwaltung), approver (Feststellung/Freigabe), treasury (Kasse/Anordnung), auditor (Prüfung, nur lesend). Wertgrenzen und Vertretungen regeln die Freigaberichtlinien.',
          ...none(f.users, 'keine Benutzer (none configured)'),
        ],
        table: f.users.length
          ? {
              headers: ['Name', 'E-Mail', 'Rollen', 'seit', 'deaktiviert'],
              rows: f.users.map((u) => [
                u.displayName,
                u.email,
                u.roles.join(', '),
                day(u.createdAt),
                day(u.disabledAt),
              ]),
            }
          : undefined,
      },
      {
        heading: 'Rollenänderungen (aus dem Prüfprotokoll)',
        paragraphs: none(f.roleChanges, 'keine'),
        table: f.roleChanges.length
          ? {
              headers: ['Zeitpunkt', 'Vorgang', 'Benutzer', 'Rollen', 'durch'],
              rows: f.roleChanges.map((c) => [
                c.at.toISOString(),
                c.action,
                c.subject ?? '–',
                JSON.stringify(c.roles),
                c.actor,
              ]),
            }
          : undefined,
      },
    ];
    const technik: ProcedureBlock[] = [
      {
        heading: 'Eingangskanäle und Grenzen',
        paragraphs: [
          `Upload-API und Peppol-Endpunkt: Anfragen bis ${this.config.get('UPLOAD_MAX_BYTES')} Bytes; Rechnungs-XML bis ${this.config.get('XML_MAX_BYTES')} Bytes (auch in PDF eingebettet); größere werden mit einem stabilen Fehlercode abgewiesen.`,
          `API-Zugänge (Schlüssel): ${f.apiKeys.filter((k) => !k.revokedAt).length} aktiv, ${f.apiKeys.filter((k) => k.revokedAt).length} widerrufen; Peppol-Rückmeldeadressen: ${f.peppolCallbacks}.`,
          `E-Mail-Postfächer (IMAP, Abruf alle ${this.config.get('IMAP_POLL_SECONDS')} s): ${f.mailboxes.length === 0 ? 'keine konfiguriert (none configured)' : f.mailboxes.length}.`,
        ],
        table: f.mailboxes.length
          ? {
              headers: ['Postfach', 'Server', 'Ordner', 'aktiv', 'seit'],
              rows: f.mailboxes.map((b) => [
                b.name,
                b.host,
                b.folder,
                b.enabled ? 'ja' : 'nein',
                day(b.createdAt),
              ]),
            }
          : undefined,
      },
      {
        heading: 'Validierung: Regelwerke und Versionen',
        paragraphs: [
          `Angewandte XRechnung-Releases: ${releases.map((r) => `${r} (${RELEASES[r]?.description ?? '?'})`).join('; ')}.`,
          manifest
            ? `Offizielle XML-Schemata: ${manifest.version}, ${manifest.files.length} Dateien, jede gegen ihren festgelegten SHA-256-Hashwert geprüft.`
            : 'Offizielle XML-Schemata: Manifest nicht lesbar.',
        ],
        table: { headers: ['Release', 'Regelwerk', 'Version', 'Regeln'], rows: ruleSets },
      },
      {
        heading: 'E-Akte, Unveränderbarkeit und Nachweis',
        paragraphs: [
          f.recordSettings
            ? `Aktenplan ${f.recordSettings.aktenplanKey}; Aktenbildung ${f.recordSettings.akteRule}; Aktenzeichen ${f.recordSettings.aktePattern}, Vorgänge ${f.recordSettings.vorgangPattern}.`
            : 'Aktenplan: Voreinstellungen (902.31, Akte je Jahr und Lieferant).',
          'Dokumente werden inhaltsadressiert (SHA-256) gespeichert; Datenbankzeilen sind per Trigger unveränderbar, Löschen nur im protokollierten Löschlauf.',
          'Täglich (Europe/Berlin, nach Mitternacht) wird über alle an einem Tag abgelegten Dokumente ein Merkle-Hashwert (RFC 6962, SHA-256, Reihenfolge filed_at, id) gebildet, gespeichert und in das Prüfprotokoll geschrieben; `einvoice records verify` prüft Dokumente, Tageswerte und Protokoll.',
        ],
      },
    ];
    const betrieb: ProcedureBlock[] = [
      {
        heading: 'Aufbewahrung (Aufbewahrungsklassen)',
        paragraphs: [
          ...none(f.retention, 'noch keine abgelegten Dokumente'),
          `Aktive Aufbewahrungssperren (Legal Hold): ${f.holdsActive}. Dokumente gesperrter Vorgänge werden nicht gelöscht.`,
        ],
        table: f.retention.length
          ? {
              headers: ['Klasse', 'Dokumente', 'frühestes Fristende', 'spätestes Fristende'],
              rows: f.retention.map((r) => [r.retentionClass, String(r.documents), r.earliest, r.latest]),
            }
          : undefined,
      },
      {
        heading: 'Löschläufe',
        paragraphs: [
          'Löschung nur nach Fristablauf über `einvoice records dispose` (Probelauf, dann --execute); jeder Lauf wird mit allen gelöschten Dokumenten protokolliert.',
          ...none(f.disposals, 'bisher keine Löschläufe'),
        ],
        table: f.disposals.length
          ? {
              headers: ['Zeitpunkt', 'durch', 'Dokumente'],
              rows: f.disposals.map((d) => [d.executedAt.toISOString(), d.executedBy, String(d.documents)]),
            }
          : undefined,
      },
      {
        heading: 'Exportziele (DMS, Finanzverfahren)',
        paragraphs: f.exportTargets.some((t) => t.rows > 0) ? [] : ['keine konfiguriert (none configured)'],
        table: f.exportTargets.some((t) => t.rows > 0)
          ? {
              headers: ['Tabelle', 'Einträge'],
              rows: f.exportTargets.filter((t) => t.rows > 0).map((t) => [t.table, String(t.rows)]),
            }
          : undefined,
      },
      {
        heading: 'Betrieb und Prüfung',
        paragraphs: [
          'Warteschlangen tragen nur Arbeit; eine Wiederanlauf-Suche findet verlorene Aufträge aus der Datenbank. Prüfprotokoll: `einvoice audit verify`; Export mit Kettennachweis: `einvoice audit export`.',
        ],
      },
    ];
    return [
      { key: 'allgemein', title: '1. Allgemeine Beschreibung', blocks: allgemein },
      { key: 'anwender', title: '2. Anwenderdokumentation', blocks: anwender },
      { key: 'technik', title: '3. Technische Systemdokumentation', blocks: technik },
      { key: 'betrieb', title: '4. Betriebsdokumentation', blocks: betrieb },
    ];
  }
}
