#!/usr/bin/env node
// Differential check of the XSD step: our verdict (libxml2, as the validator runs it) against
// the official engine's (the JDK's Xerces, set up as the KoSIT validator sets it up) on
// generated variants of the corpus documents. Needs `npm run build`, installed schemas, a
// Java 17 JDK and ../shared/corpus (or --corpus DIR). Not part of CI.
//
//   node scripts/xsd-diff.mjs [--corpus DIR] [--schemas DIR] [--family PREFIX] [--max N]
//                             [--keep DIR] [--json FILE]
//
// Prints the number of variants per family, how many verdicts agree, and every variant whose
// verdicts differ (its family, what was changed, the base document, both verdicts). Exit 0
// when all agree, 1 when any differ, 2 on a usage error.
//
// "Valid" means: well-formed (for KoSIT: its parse step; for us: the hardened parse) and
// schema-valid. Our verdict is taken on both paths the validator has: the document parsed on
// the validator's thread (secureParse, then checkParsed) and on the schema thread
// (parseUnchecked, then checkSchema on the bytes it hands over); a difference between the two
// is reported as well.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { variants } from './xsd-diff/variants.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
};
const corpus = resolve(opt('--corpus', join(root, '..', 'shared', 'corpus')));
const schemaDir = resolve(opt('--schemas', join(root, 'schemas', 'installed')));
const familyPrefix = opt('--family', '');
const max = Number(opt('--max', 'Infinity'));
const keep = opt('--keep', null);
const jsonOut = opt('--json', null);
const dist = join(root, 'dist', 'modules', 'validation');
if (!existsSync(join(dist, 'index.js'))) {
  console.error('xsd-diff: dist/ missing, run `npm run build` first');
  process.exit(2);
}
if (!existsSync(corpus)) {
  console.error(`xsd-diff: no corpus at ${corpus}`);
  process.exit(2);
}

const { secureParse } = await import(join(dist, 'xml', 'secure-parse.js'));
const { parseUnchecked } = await import(join(dist, 'xml', 'tree-parse.js'));
const { checkParsed, checkSchema } = await import(join(dist, 'xsd', 'schema-check.js'));
const { SchemaStore } = await import(join(dist, 'xsd', 'schema-store.js'));
const store = new SchemaStore(schemaDir);
if (!store.status().ok) {
  console.error(`xsd-diff: the schemas in ${schemaDir} are not installed (einvoice schemas install)`);
  process.exit(2);
}

/** Our XSD verdict on both paths: {verdict: 'valid'|'invalid'|'malformed', message}. */
function ours(bytes, syntax) {
  const a = inThread(bytes, syntax);
  const b = onSchemaThread(bytes, syntax);
  if (a.verdict !== b.verdict)
    return { verdict: 'paths-differ', message: `in thread: ${a.verdict} ${a.message}; schema thread: ${b.verdict} ${b.message}` };
  return a;
}

function inThread(bytes, syntax) {
  const r = secureParse(bytes);
  if (!r.ok) return { verdict: 'malformed', message: `${r.finding.id} ${JSON.stringify(r.finding.detail ?? '')}` };
  try {
    const errors = checkParsed(store, r.doc, r.parsed, syntax, r.root);
    return verdictOf(errors);
  } finally {
    r.doc.dispose();
  }
}

function onSchemaThread(bytes, syntax) {
  const u = parseUnchecked(bytes);
  if (u.ok === false) return { verdict: 'malformed', message: u.finding.id };
  const outcome = checkSchema(store, u.ok === true ? u.parsed : bytes, syntax);
  if (outcome === 'malformed') return { verdict: 'malformed', message: 'libxml2' };
  // the tree could not be built although libxml2 parsed the document: the pipeline refuses it
  if (u.ok === 'unsure') return { verdict: 'malformed', message: 'tree' };
  return verdictOf(outcome);
}

function verdictOf(errors) {
  if (errors === null) throw new Error('schemas not installed');
  return errors.length === 0
    ? { verdict: 'valid', message: '' }
    : { verdict: 'invalid', message: `${errors[0].line}: ${errors[0].message}`.replace(/\s+/g, ' ').slice(0, 300) };
}

/** Xerces, one JVM for the whole run, answering in order. */
function startXerces() {
  const java = spawn('java', ['-Xss8m', join(root, 'scripts', 'xsd-diff', 'XercesCheck.java'), schemaDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = [];
  createInterface({ input: java.stdout }).on('line', (line) => {
    const tab = line.indexOf('\t');
    waiting.shift()({ verdict: tab < 0 ? line : line.slice(0, tab), message: tab < 0 ? '' : line.slice(tab + 1) });
  });
  const exited = new Promise((res) => java.on('exit', res));
  return {
    check(syntax, file) {
      return new Promise((res) => {
        waiting.push(res);
        java.stdin.write(`${syntax}\t${file}\n`);
      });
    },
    async close() {
      java.stdin.end();
      await exited;
    },
  };
}

function xmlFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'en16931-unit') xmlFiles(p, out);
    } else if (/\.xml$/i.test(name)) out.push(p);
  }
  return out;
}

const ROOTS = [
  ['urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', 'Invoice', 'ubl-invoice'],
  ['urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', 'CreditNote', 'ubl-creditnote'],
  ['urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100', 'CrossIndustryInvoice', 'cii'],
];

/** The syntax of a corpus document by its root element, or null. */
function syntaxOf(text) {
  const m = /<(?:([\w.-]+):)?(Invoice|CreditNote|CrossIndustryInvoice)[\s>]/.exec(text);
  if (!m) return null;
  const start = m.index;
  const tag = text.slice(start, text.indexOf('>', start));
  const ns = new RegExp(`xmlns${m[1] ? ':' + m[1] : ''}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];
  return ROOTS.find(([uri, local]) => uri === ns && local === m[2])?.[2] ?? null;
}

const work = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'xsd-diff-'));
mkdirSync(work, { recursive: true });
const xerces = startXerces();
const started = Date.now();

// The base documents: corpus documents of a known syntax in UTF-8 that the official engine
// found schema-valid (a change to a valid document tells the most), smallest first. The
// corpus records that verdict (expected.jsonl); a full run checks it again, and compares our
// verdict on every unchanged document too.
const oracle = new Map(
  readFileSync(join(corpus, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map((e) => [resolve(corpus, e.file), e.wellformed !== false && e.schemaErrors.length === 0]),
);
const candidates = [];
for (const file of xmlFiles(corpus)) {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  if (text.includes('\ufffd') || /^\s*<\?xml[^>]*encoding=["'](?!utf-8)/i.test(text)) continue;
  const syntax = syntaxOf(text);
  if (syntax) candidates.push({ file, text, syntax, size: bytes.length });
}
candidates.sort((a, b) => a.size - b.size || a.file.localeCompare(b.file));
const bases = [];
const baseDiffs = [];
for (const c of candidates) {
  let valid = oracle.get(c.file);
  if (!familyPrefix || valid === undefined) {
    const x = await xerces.check(c.syntax, c.file);
    const o = ours(readFileSync(c.file), c.syntax);
    if ((x.verdict === 'valid') !== (o.verdict === 'valid') || o.verdict === 'paths-differ')
      baseDiffs.push({ family: 'corpus', what: 'unchanged corpus document', base: c, x, o });
    valid = x.verdict === 'valid';
  }
  if (valid) bases.push(c);
}
console.log(`base documents: ${bases.length} valid of ${candidates.length} corpus documents of a known syntax`);

// Families whose differences are known and not resolved yet: reported, and counted apart.
const OPEN = new Set([]);
const families = new Map();
const diffs = [...baseDiffs];
let n = 0;
const batch = [];
async function settle() {
  const results = await Promise.all(batch.map((b) => b.x));
  batch.forEach((b, i) => {
    const x = results[i];
    const f = families.get(b.family) ?? { total: 0, differ: 0, xValid: 0 };
    families.set(b.family, f);
    f.total++;
    if (x.verdict === 'valid') f.xValid++;
    // malformed and invalid are one verdict: not accepted
    const agree = (x.verdict === 'valid') === (b.o.verdict === 'valid') && b.o.verdict !== 'paths-differ';
    if (!agree) {
      f.differ++;
      diffs.push({ family: b.family, what: b.what, base: b.base, x, o: b.o, file: b.file, id: b.id });
    } else if (!keep) rmSync(b.file);
  });
  batch.length = 0;
}
for (const v of variants(bases)) {
  if (familyPrefix && !v.family.startsWith(familyPrefix)) continue;
  if (n >= max) break;
  const id = ++n;
  const file = join(work, `${String(id).padStart(5, '0')}.xml`);
  const bytes = v.bytes ?? Buffer.from(v.text, 'utf8');
  writeFileSync(file, bytes);
  // Xerces works in its own process meanwhile
  const x = xerces.check(v.base.syntax, file);
  const o = ours(bytes, v.base.syntax);
  batch.push({ id, family: v.family, what: v.what, base: v.base, file, x, o });
  if (batch.length >= 64) await settle();
}
await settle();
await xerces.close();

const rows = [...families.entries()].sort((a, b) => a[0].localeCompare(b[0]));
const width = Math.max(...rows.map(([f]) => f.length), 6);
console.log(`\n${'family'.padEnd(width)}  variants  Xerces-valid  differ`);
for (const [f, s] of rows)
  console.log(`${f.padEnd(width)}  ${String(s.total).padStart(8)}  ${String(s.xValid).padStart(12)}  ${String(s.differ).padStart(6)}`);
const total = rows.reduce((a, [, s]) => a + s.total, 0);
const open = diffs.filter((d) => OPEN.has(d.family)).length;
const xValid = rows.reduce((a, [, s]) => a + s.xValid, 0);
console.log(`${'total'.padEnd(width)}  ${String(total).padStart(8)}  ${String(xValid).padStart(12)}  ${String(diffs.length - baseDiffs.length).padStart(6)}`);

if (diffs.length > 0) console.log('\ndifferences:');
for (const d of diffs) {
  console.log(
    `- [${d.family}] ${d.what}\n    base: ${relative(corpus, d.base.file)}${d.file ? `  variant: ${d.file}` : ''}\n` +
      `    Xerces: ${d.x.verdict}${d.x.message ? ' — ' + d.x.message : ''}\n    ours:   ${d.o.verdict}${d.o.message ? ' — ' + d.o.message : ''}`,
  );
}
if (jsonOut)
  writeFileSync(jsonOut, diffs.map((d) => JSON.stringify({ ...d, base: relative(corpus, d.base.file) })).join('\n') + '\n');
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const differ = diffs.length - baseDiffs.length;
console.log(
  `\n${total} variants of ${bases.length} documents in ${seconds} s: ${total - differ} agree, ${differ} differ` +
    (open ? ` (${open} of them in families known to be open: ${[...OPEN].join(', ')})` : '') +
    (baseDiffs.length ? ` (and ${baseDiffs.length} unchanged corpus documents differ)` : ''),
);
if (!keep && diffs.length === 0) rmSync(work, { recursive: true, force: true });
else console.log(`variants kept in ${work}`);
process.exit(diffs.length - open === 0 ? 0 : 1);
