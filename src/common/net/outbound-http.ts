import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundGuard } from './outbound-guard.js';

export interface OutboundPost {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  readonly timeoutMs: number;
}

/**
 * POSTs to a URL a tenant configured, through the guard: the address is checked where the
 * socket resolves it. Redirects are not followed (a 3xx is just a status), and the answer's
 * body is read and dropped unseen — callers get the status only, so nothing the target says
 * can travel back to the tenant.
 */
export function postOutbound(guard: OutboundGuard, url: URL, post: OutboundPost): Promise<number> {
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:')
    return Promise.reject(new Error(`unsupported scheme ${url.protocol}`));
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const body = typeof post.body === 'string' ? Buffer.from(post.body, 'utf8') : post.body;
  return new Promise<number>((resolve, reject) => {
    let connectOptions: ReturnType<OutboundGuard['connectOptions']>;
    try {
      connectOptions = guard.connectOptions(host, port);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const req = (https ? httpsRequest : httpRequest)(
      {
        method: 'POST',
        host,
        port,
        path: `${url.pathname}${url.search}`,
        headers: { ...post.headers, 'content-length': String(body.length) },
        // A fresh socket per request: a pooled one would skip the lookup (and its check).
        agent: false,
        ...connectOptions,
      },
      (res) => {
        res.resume();
        res.on('error', () => undefined);
        resolve(res.statusCode ?? 0);
      },
    );
    // An idle limit and an overall one: a target that drips its answer byte by byte is cut off too.
    req.setTimeout(post.timeoutMs, () => req.destroy(new Error('ETIMEDOUT')));
    const overall = setTimeout(() => req.destroy(new Error('ETIMEDOUT')), post.timeoutMs);
    req.on('close', () => clearTimeout(overall));
    req.on('error', reject);
    req.end(body);
  });
}
