// Bundles the `einvoice validate` command, as compiled into dist/ by swc, into one module
// beside it (dist/modules/validation/cli/validate.bundle.js), which dist/cli.js loads when
// present. Node's ES module loader costs about half a millisecond per module, and the
// command's graph has about ninety: the bundle starts a validation run 50-100 ms sooner.
// Packages stay external. What the command imports on demand (the pipeline's libxml2 work,
// pdf-lib) stays on demand, in a chunk of its own. The bundle and its chunks sit in cli/,
// one folder below the validation root like every module they hold, so their
// import.meta.url-relative paths still resolve.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/modules/validation/cli/', import.meta.url));
if (!existsSync(`${cli}validate.command.js`)) {
  console.error('bundle-cli: dist/ has no validate command, run the swc build first');
  process.exit(1);
}
// chunks of an earlier build (their names carry a hash of their content)
for (const f of readdirSync(cli)) if (f.startsWith('validate.chunk-')) rmSync(`${cli}${f}`);
await build({
  entryPoints: { 'validate.bundle': `${cli}validate.command.js` },
  outdir: cli,
  splitting: true,
  chunkNames: 'validate.chunk-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
