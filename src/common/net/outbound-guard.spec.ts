/**
 * The guard on real sockets: local TCP and HTTP servers on 127.0.0.1 stand for what an
 * admin must not reach (the platform's own database, a metadata service). Name resolution is
 * the system's, except where a test plays a rebinding DNS server.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { DomainError } from '../errors/domain-error.js';
import { OutboundGuard, type Resolver } from './outbound-guard.js';
import { postOutbound } from './outbound-http.js';

let tcp: Server;
let tcpPort: number;
let http: HttpServer;
let httpPort: number;
const seen: string[] = [];

beforeAll(async () => {
  tcp = createServer((s) => s.end('* OK internal service banner\r\n'));
  tcp.listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  tcpPort = (tcp.address() as AddressInfo).port;
  http = createHttpServer((req, res) => {
    seen.push(req.url ?? '');
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('secret internal answer');
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  httpPort = (http.address() as AddressInfo).port;
});

afterAll(async () => {
  tcp.close();
  http.close();
  await Promise.all([once(tcp, 'close'), once(http, 'close')]);
});

/** Connects like the IMAP client does; resolves with the first bytes or rejects with the error. */
function tcpConnect(guard: OutboundGuard, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let socket;
    try {
      socket = connect({ host, port, ...guard.connectOptions(host, port) });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    socket.once('data', (d: Buffer) => {
      resolve(d.toString());
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('OutboundGuard at connect time', () => {
  it.each(['127.0.0.1', '0x7f.1', '2130706433', '[::ffff:127.0.0.1]', '::ffff:7f00:1'])(
    'refuses the literal %s before a socket exists',
    async (host) => {
      await expect(tcpConnect(new OutboundGuard(undefined), host, tcpPort)).rejects.toMatchObject({
        code: 'OUTBOUND_ADDRESS_FORBIDDEN',
        category: 'loopback',
      });
    },
  );

  it('refuses a name that resolves to loopback (checked on the resolved address)', async () => {
    await expect(tcpConnect(new OutboundGuard(undefined), 'localhost', tcpPort)).rejects.toMatchObject({
      code: 'OUTBOUND_ADDRESS_FORBIDDEN',
    });
  });

  it('refuses a name whose DNS answer changed to an internal address since it was configured', async () => {
    // A rebinding DNS server: the first answer (when an admin saved it) public, then loopback.
    const answers = ['93.184.216.34', '127.0.0.1'];
    const rebinding: Resolver = () =>
      Promise.resolve([{ address: answers.shift() ?? '127.0.0.1', family: 4 }]);
    const guard = new OutboundGuard(undefined, rebinding);
    expect(() => guard.checkConfigured('rebind.example', tcpPort)).not.toThrow();
    await rebinding('rebind.example', {});
    await expect(tcpConnect(guard, 'rebind.example', tcpPort)).rejects.toMatchObject({
      code: 'OUTBOUND_ADDRESS_FORBIDDEN',
      address: '127.0.0.1',
    });
  });

  it('refuses when any of several addresses is internal', async () => {
    const mixed: Resolver = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ]);
    await expect(tcpConnect(new OutboundGuard(undefined, mixed), 'mixed.example', 80)).rejects.toMatchObject({
      code: 'OUTBOUND_ADDRESS_FORBIDDEN',
      category: 'link-local',
    });
  });

  it('connects to an allow-listed address and port, and only that port', async () => {
    // `localhost` may resolve to ::1 as well: both are listed.
    const guard = new OutboundGuard(`127.0.0.1:${tcpPort}, [::1]:${tcpPort}`);
    expect(await tcpConnect(guard, '127.0.0.1', tcpPort)).toContain('OK');
    expect(await tcpConnect(guard, 'localhost', tcpPort)).toContain('OK');
    await expect(tcpConnect(guard, '127.0.0.1', httpPort)).rejects.toMatchObject({
      code: 'OUTBOUND_ADDRESS_FORBIDDEN',
    });
  });

  it('connects to an allow-listed host name whatever it resolves to', async () => {
    const guard = new OutboundGuard(`localhost:${tcpPort}`);
    expect(await tcpConnect(guard, 'localhost', tcpPort)).toContain('OK');
    await expect(tcpConnect(guard, '127.0.0.1', tcpPort)).rejects.toMatchObject({
      code: 'OUTBOUND_ADDRESS_FORBIDDEN',
    });
  });
});

describe('OutboundGuard at configuration time', () => {
  const guard = new OutboundGuard('10.9.0.0/16');
  it.each([
    '127.0.0.1',
    '0x7f.1',
    '169.254.169.254',
    '[::ffff:169.254.169.254]',
    '10.0.0.1',
    'localhost',
    'db.localhost',
    '[fd00::1]',
  ])('refuses %s with OUTBOUND_ADDRESS_FORBIDDEN (422)', (host) => {
    let caught: unknown;
    try {
      guard.checkConfigured(host, 993);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'OUTBOUND_ADDRESS_FORBIDDEN', status: 422 });
  });

  it.each(['imap.example.org', '93.184.216.34', '10.9.1.2'])('accepts %s', (host) => {
    expect(() => guard.checkConfigured(host, 993)).not.toThrow();
  });
});

describe('postOutbound', () => {
  it('refuses an internal target and never sends the request', async () => {
    const before = seen.length;
    for (const url of [
      `http://127.0.0.1:${httpPort}/a`,
      `http://0x7f.1:${httpPort}/b`,
      `http://[::ffff:127.0.0.1]:${httpPort}/c`,
      `http://localhost:${httpPort}/d`,
    ]) {
      await expect(
        postOutbound(new OutboundGuard(undefined), new URL(url), { headers: {}, body: 'x', timeoutMs: 2000 }),
      ).rejects.toMatchObject({ code: 'OUTBOUND_ADDRESS_FORBIDDEN' });
    }
    expect(seen.length).toBe(before);
  });

  it('POSTs to an allow-listed target and returns its status only', async () => {
    const status = await postOutbound(
      new OutboundGuard(`127.0.0.1:${httpPort}, [::1]:${httpPort}`),
      new URL(`http://localhost:${httpPort}/mlr?x=1`),
      { headers: { 'content-type': 'application/xml' }, body: '<a/>', timeoutMs: 2000 },
    );
    expect(status).toBe(200);
    expect(seen).toContain('/mlr?x=1');
  });
});
