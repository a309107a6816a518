/** Runs an `einvoice` sub-command in-process against a test database, capturing its output. */
export async function runCli(
  command: { run(argv: string[]): Promise<number> },
  argv: string[],
  env: Record<string, string>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `json()` output is asserted by shape in the tests
): Promise<{ code: number; stdout: string; stderr: string; json: () => any }> {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  Object.assign(process.env, { MIGRATIONS_RUN: 'false', DEMO_SEED: 'false' }, env);
  process.stdout.write = (chunk: string | Uint8Array) => (out.push(String(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => (err.push(String(chunk)), true);
  try {
    const code = await command.run(argv);
    const text = out.join('');
    return { code, stdout: text, stderr: err.join(''), json: () => JSON.parse(text) };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
