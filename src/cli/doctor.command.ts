/**
 * `einvoice doctor`: checks the installation. A list of named checks; each returns ok or
 * a problem with a hint. Other modules add their checks (database, queue backend) to
 * DOCTOR_CHECKS; a check must not throw (a throw is reported as a failed check).
 */
import { loadConfig } from '../config/app-config.js';
import { verifyInstalled } from '../modules/validation/xsd/schema-manifest.js';
import { queueCheck } from '../modules/jobs/cli/queue.doctor-check.js';

export interface CheckResult {
  readonly ok: boolean;
  readonly detail: string;
  readonly hint?: string;
}

export interface DoctorCheck {
  readonly name: string;
  run(): Promise<CheckResult>;
}

/** The schemas directory of the configured installation (the one the server reads). */
function schemasDir(): string {
  return loadConfig(process.env).schemasDir;
}

export const schemasCheck: DoctorCheck = {
  name: 'schemas',
  async run() {
    const r = verifyInstalled(schemasDir());
    if (r.ok)
      return { ok: true, detail: `${r.checked} official schema files installed and verified (${r.dir})` };
    return {
      ok: false,
      detail: `schemas not installed or damaged in ${r.dir}: ${r.problems.slice(0, 3).join('; ')}${r.problems.length > 3 ? ` (+${r.problems.length - 3} more)` : ''}`,
      hint:
        'run `einvoice schemas install` (downloads them; SCHEMAS_SOURCE_URL names a mirror) or, offline, ' +
        '`einvoice schemas install --from DIR|ZIP` with the same EINVOICE_DATA_DIR as the server; ' +
        'a running server picks them up without a restart. Until then invoices wait in awaiting_schemas.',
    };
  },
};

/** End to end: our own generated XRechnung invoice must pass the whole pipeline. */
export const validationCheck: DoctorCheck = {
  name: 'validation',
  async run() {
    const { createValidator } = await import('../modules/validation/index.js');
    const { buildUblInvoice } = await import('../modules/validation/testing/invoice-factory.js');
    const v = createValidator({ schemaDir: schemasDir() });
    const r = await v.validate(new TextEncoder().encode(buildUblInvoice()), { fileName: 'doctor.xml' });
    const sets = r.ruleSets.map((s) => `${s.name} ${s.version}`).join(', ');
    if (r.valid) return { ok: true, detail: `a generated XRechnung invoice passes (${r.scenario}; ${sets})` };
    const ids = [...(r.schemaErrors.length > 0 ? ['schema errors'] : []), ...r.errors.map((f) => f.id)];
    return {
      ok: false,
      detail: `a generated XRechnung invoice is refused: ${ids.slice(0, 5).join(', ')}`,
      hint: 'check the schemas (einvoice schemas verify) and the rule sets',
    };
  },
};

export const DOCTOR_CHECKS: DoctorCheck[] = [schemasCheck, validationCheck, queueCheck];

export async function runChecks(
  checks: readonly DoctorCheck[],
): Promise<{ name: string; result: CheckResult }[]> {
  const out: { name: string; result: CheckResult }[] = [];
  for (const c of checks) {
    let result: CheckResult;
    try {
      result = await c.run();
    } catch (err) {
      result = { ok: false, detail: `check failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    out.push({ name: c.name, result });
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: einvoice doctor [--json]\n\nChecks the installation; exit 0 when every check passes.\n',
    );
    return 0;
  }
  const results = await runChecks(DOCTOR_CHECKS);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify(results.map((r) => ({ name: r.name, ...r.result }))) + '\n');
  } else {
    for (const { name, result } of results) {
      process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'}  ${name}: ${result.detail}\n`);
      if (!result.ok && result.hint) process.stdout.write(`      ${result.hint}\n`);
    }
  }
  return results.every((r) => r.result.ok) ? 0 : 1;
}
