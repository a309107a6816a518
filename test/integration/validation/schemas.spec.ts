import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zip } from '../../support/zip-writer.js';
import { installSchemas } from '../../../src/modules/validation/xsd/schema-installer.js';
import {
  loadManifest,
  schemasFolder,
  sha256,
  verifyInstalled,
} from '../../../src/modules/validation/xsd/schema-store.js';
import { createValidator } from '../../../src/modules/validation/index.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { SHARED_SCHEMAS, describeWithShared, installSchemasToTemp } from './shared-corpus.js';

function tempFolderWithManifest(): string {
  const folder = mkdtempSync(join(tmpdir(), 'einvoice-schemas-'));
  copyFileSync(join(schemasFolder(), 'manifest.json'), join(folder, 'manifest.json'));
  return folder;
}

describe('schemas without installation', () => {
  it('every result says SCHEMA-NOT-INSTALLED and is not valid', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'einvoice-noschemas-'));
    try {
      const v = createValidator({ schemaDir: empty });
      const r = await v.validate(new TextEncoder().encode(buildUblInvoice()), { fileName: 'a.xml' });
      expect(r.valid).toBe(false);
      expect(r.errors.map((e) => e.id)).toEqual(['SCHEMA-NOT-INSTALLED']);
      expect(verifyInstalled(empty).ok).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describeWithShared('schemas install', () => {
  it('installs from a folder and verifies every pinned file', () => {
    const folder = tempFolderWithManifest();
    try {
      const r = installSchemas(SHARED_SCHEMAS, folder);
      expect(r.problems).toEqual([]);
      const v = verifyInstalled(r.target, loadManifest(folder));
      expect(v.ok).toBe(true);
      expect(v.checked).toBe(loadManifest(folder).files.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a tampered source and writes nothing', () => {
    const folder = tempFolderWithManifest();
    const source = mkdtempSync(join(tmpdir(), 'einvoice-src-'));
    try {
      cpSync(SHARED_SCHEMAS, source, { recursive: true });
      const victim = join(source, 'cii-d16b', 'CrossIndustryInvoice_100pD16B.xsd');
      writeFileSync(
        victim,
        readFileSync(victim, 'utf8').replace('</xsd:schema>', '<!-- changed --></xsd:schema>'),
      );
      const r = installSchemas(source, folder);
      expect(r.problems.join('\n')).toContain('CrossIndustryInvoice_100pD16B.xsd');
      expect(existsSync(r.target)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      rmSync(source, { recursive: true, force: true });
    }
  });

  it('installs from a ZIP with another folder layout (files found by name and hash)', () => {
    const folder = tempFolderWithManifest();
    const zipDir = mkdtempSync(join(tmpdir(), 'einvoice-zip-'));
    try {
      const m = loadManifest(folder);
      const entries = [...m.files, ...m.licenceFiles].map((f) => ({
        name: `bundle/xsdrt/${f.path.split('/').pop()}`,
        data: readFileSync(join(SHARED_SCHEMAS, f.path)),
      }));
      // licence files share names (NOTICE.txt ...): keep them apart by their own folder
      const seen = new Set<string>();
      const unique = entries.map((e, i) =>
        seen.has(e.name) ? { ...e, name: `other${i}/${e.name}` } : (seen.add(e.name), e),
      );
      const zipPath = join(zipDir, 'schemas.zip');
      writeFileSync(zipPath, zip(unique));
      const r = installSchemas(zipPath, folder);
      expect(r.problems).toEqual([]);
      expect(verifyInstalled(r.target, m).ok).toBe(true);
      const one = m.files[0];
      expect(sha256(readFileSync(join(r.target, one.path)))).toBe(one.sha256);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      rmSync(zipDir, { recursive: true, force: true });
    }
  });

  it('validates against the installed schemas: schema errors stop the rules', async () => {
    const { dir, cleanup } = installSchemasToTemp();
    try {
      const v = createValidator({ schemaDir: dir });
      const ok = await v.validate(new TextEncoder().encode(buildUblInvoice()), { fileName: 'ok.xml' });
      expect(ok.schemaErrors).toEqual([]);
      expect(ok.steps).toContain('cen-rules');
      // DueDate before IssueDate violates the UBL element order
      const bad = buildUblInvoice({
        patch: (x) =>
          x.replace(
            '<cbc:IssueDate>2026-03-02</cbc:IssueDate>\n  <cbc:DueDate>2026-04-01</cbc:DueDate>',
            '<cbc:DueDate>2026-04-01</cbc:DueDate>\n  <cbc:IssueDate>2026-03-02</cbc:IssueDate>',
          ),
      });
      const r = await v.validate(new TextEncoder().encode(bad), { fileName: 'bad.xml' });
      expect(r.valid).toBe(false);
      expect(r.schemaErrors.length).toBeGreaterThan(0);
      expect(r.schemaErrors[0].line).toBe(8); // the misplaced cbc:DueDate
      expect(r.steps).not.toContain('cen-rules');
      expect(r.errors).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describeWithShared('schema verdicts on embedded attachments', () => {
  const attach = (content: string): Uint8Array =>
    new TextEncoder().encode(
      buildUblInvoice({
        patch: (x) =>
          x.replace(
            '<cac:AccountingSupplierParty>',
            `<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">${content}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`,
          ),
      }),
    );

  it('a large valid attachment passes; a large broken one is reported by the schema step', async () => {
    const { dir, cleanup } = installSchemasToTemp();
    try {
      const v = createValidator({ schemaDir: dir });
      const b64 = Buffer.alloc(60_000, 7)
        .toString('base64')
        .replace(/(.{76})/g, '$1\n');
      const ok = await v.validate(attach(b64), { fileName: 'ok.xml' });
      expect(ok.schemaErrors).toEqual([]);
      const bad = await v.validate(attach(`${b64}QUJ`), { fileName: 'bad.xml' });
      expect(bad.valid).toBe(false);
      expect(bad.schemaErrors).toHaveLength(1);
      expect(bad.schemaErrors[0].message).toMatch(/^Element '\{[^}]+\}EmbeddedDocumentBinaryObject'/);
    } finally {
      cleanup();
    }
  });
});
