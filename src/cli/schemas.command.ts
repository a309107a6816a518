/**
 * `einvoice schemas`: the validation library's command, pointed at the schemas directory
 * of the configured installation (SCHEMAS_DIR or <EINVOICE_DATA_DIR>/schemas) — the very
 * directory the server reads, so an install here is used by a running server at once.
 */
import { ConfigError, loadConfig } from '../config/app-config.js';
import { runSchemas } from '../modules/validation/cli/schemas.command.js';

export async function run(argv: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`einvoice schemas: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return runSchemas(argv, { dir: config.schemasDir, sourceUrl: config.get('SCHEMAS_SOURCE_URL') });
}
