import pg from 'pg';
import { endpointUrl, maxSocketPathBytes, planEndpoint, SOCKET_PORT } from './embedded-postgres.js';

describe('where the embedded PostgreSQL listens', () => {
  const socketFile = (dir: string, port = SOCKET_PORT) => `${dir}/.s.PGSQL.${port}`;

  it('uses a Unix socket in the cluster directory and no TCP port by default', () => {
    expect(planEndpoint('/srv/einvoice/data/postgres', undefined, 'linux')).toEqual({
      socketDir: '/srv/einvoice/data/postgres',
      tcpHost: undefined,
      port: SOCKET_PORT,
    });
  });

  it('also listens on 127.0.0.1 when a port is configured, and names the socket by it', () => {
    expect(planEndpoint('/srv/einvoice/data/postgres', 55001, 'linux')).toEqual({
      socketDir: '/srv/einvoice/data/postgres',
      tcpHost: '127.0.0.1',
      port: 55001,
    });
  });

  it('takes the socket up to the exact limit of the kernel and falls back to TCP one byte beyond', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const limit = maxSocketPathBytes(platform);
      const fits = '/' + 'd'.repeat(limit - socketFile('/').length);
      expect(socketFile(fits)).toHaveLength(limit);
      expect(planEndpoint(fits, undefined, platform).socketDir).toBe(fits);
      const tooLong = fits + 'd';
      // No port configured: a free one is chosen at start (0 here).
      expect(planEndpoint(tooLong, undefined, platform)).toEqual({
        socketDir: undefined,
        tcpHost: '127.0.0.1',
        port: 0,
      });
      expect(planEndpoint(tooLong, 55001, platform)).toEqual({
        socketDir: undefined,
        tcpHost: '127.0.0.1',
        port: 55001,
      });
    }
  });

  it('counts bytes, not characters: a path with umlauts is longer than it looks', () => {
    const limit = maxSocketPathBytes('linux');
    const ascii = '/' + 'a'.repeat(limit - socketFile('/').length);
    const umlauts = ascii.replace(/a$/, 'ä');
    expect(umlauts).toHaveLength(ascii.length);
    expect(planEndpoint(ascii, undefined, 'linux').socketDir).toBe(ascii);
    expect(planEndpoint(umlauts, undefined, 'linux').socketDir).toBeUndefined();
  });

  it('has no socket on Windows', () => {
    expect(planEndpoint('C:\\einvoice\\data\\postgres', undefined, 'win32').socketDir).toBeUndefined();
  });

  /** What the pg driver (under TypeORM and BullMQ alike) makes of a URL. */
  const parse = (url: string) => {
    const c = new pg.Client({ connectionString: url });
    return { host: c.host, port: c.port, user: c.user, password: c.password, database: c.database };
  };

  it('builds URLs the pg driver reads back as the socket directory or the TCP address', () => {
    const socket = parse(
      endpointUrl(
        { socketDir: '/srv/my data,1/postgres', tcpHost: undefined, port: 5432 },
        'p@ss/w:rd',
        'einvoice',
      ),
    );
    expect(socket).toMatchObject({
      host: '/srv/my data,1/postgres',
      port: 5432,
      user: 'postgres',
      password: 'p@ss/w:rd',
      database: 'einvoice',
    });
    const tcp = parse(
      endpointUrl({ socketDir: undefined, tcpHost: '127.0.0.1', port: 41234 }, 'x', 'postgres'),
    );
    expect(tcp).toMatchObject({ host: '127.0.0.1', port: 41234, database: 'postgres' });
  });
});
