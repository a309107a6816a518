import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundGuard } from '../../../common/net/outbound-guard.js';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * One HTTP request to a tenant-configured DMS, through the outbound guard (the address is
 * checked where the socket resolves it; a fresh socket per request). No redirects are
 * followed; the answer is read up to `maxBytes`, the whole exchange cut off after
 * `timeoutMs`. The answer's body is returned: the DMS's protocol needs it (CMIS objects,
 * an xdomea import confirmation), and it is only parsed, never shown to anyone as is.
 */
export function guardedRequest(
  guard: OutboundGuard,
  method: 'GET' | 'POST',
  url: URL,
  opts: { headers: Record<string, string>; body?: Buffer; timeoutMs: number; maxBytes: number },
): Promise<HttpAnswer> {
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:')
    return Promise.reject(new Error(`unsupported scheme ${url.protocol}`));
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let connectOptions: ReturnType<OutboundGuard['connectOptions']>;
    try {
      connectOptions = guard.connectOptions(host, port);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const headers = { ...opts.headers };
    if (opts.body) headers['content-length'] = String(opts.body.length);
    const req = (https ? httpsRequest : httpRequest)(
      { method, host, port, path: `${url.pathname}${url.search}`, headers, agent: false, ...connectOptions },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            req.destroy(new Error('answer too large'));
            return;
          }
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('ETIMEDOUT')));
    const overall = setTimeout(() => req.destroy(new Error('ETIMEDOUT')), opts.timeoutMs);
    req.on('close', () => clearTimeout(overall));
    req.on('error', reject);
    req.end(opts.body);
  });
}
