// Makes the built CLI executable (npm links `einvoice` to dist/cli.js).
import { chmodSync, existsSync } from 'node:fs';
const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);
