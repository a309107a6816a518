/**
 * A schema mirror on 127.0.0.1 for tests: serves the files of a folder (the reference
 * copy in ../shared/schemas, never a copy inside the repository) at `<url>/<path>`, the
 * layout SCHEMAS_SOURCE_URL names. `override` replaces the bytes of some paths (a
 * tampered file); every request is recorded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface SchemaMirror {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startSchemaMirror(
  root: string,
  override: Record<string, Buffer> = {},
): Promise<SchemaMirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    requests.push(path);
    const file = normalize(join(root, path));
    const body =
      override[path] ??
      (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()
        ? readFileSync(file)
        : null);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
