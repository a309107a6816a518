import { parseTargets, targetDir } from './export-targets.js';
import { MAX_ATTEMPTS, retryAt } from './records-export.service.js';

const base = { name: 'dms', absender: 'Kämmerei', empfaenger: 'Registratur' };

describe('export targets as an admin PUTs them', () => {
  it('takes the three kinds with their settings and defaults', () => {
    const [dir, http, cmis] = parseTargets({
      targets: [
        { ...base, kind: 'xdomea-dir', transferDir: 'out/', returnDir: 'in' },
        { ...base, name: 'http', kind: 'xdomea-http', url: 'https://dms.example/xdomea' },
        {
          ...base,
          name: 'cmis',
          kind: 'cmis',
          endpoint: 'https://dms.example/cmis/browser',
          repositoryId: 'r',
          user: 'u',
          password: 'p',
          parentFolderId: 'f',
          sha256Property: 'einv:sha256',
        },
      ],
    });
    expect(dir).toMatchObject({
      kind: 'xdomea-dir',
      enabled: true,
      config: { transferDir: 'out', returnDir: 'in' },
    });
    expect(http.config).toEqual({ url: 'https://dms.example/xdomea' });
    expect(cmis).toMatchObject({
      password: 'p',
      config: { folderTypeId: 'cmis:folder', documentTypeId: 'cmis:document', sha256Property: 'einv:sha256' },
    });
  });

  it.each([
    ['no list', {}],
    [
      'duplicate names',
      {
        targets: [
          { ...base, kind: 'xdomea-http', url: 'https://a' },
          { ...base, kind: 'xdomea-http', url: 'https://b' },
        ],
      },
    ],
    [
      'a parent folder',
      { targets: [{ ...base, kind: 'xdomea-dir', transferDir: 'a/../../b', returnDir: 'in' }] },
    ],
    [
      'an absolute folder',
      { targets: [{ ...base, kind: 'xdomea-dir', transferDir: '/tmp', returnDir: 'in' }] },
    ],
    [
      'credentials in the URL',
      { targets: [{ ...base, kind: 'xdomea-http', url: 'https://u:p@dms.example' }] },
    ],
    [
      'a property id with spaces',
      {
        targets: [
          {
            ...base,
            kind: 'cmis',
            endpoint: 'https://d',
            repositoryId: 'r',
            user: 'u',
            parentFolderId: 'f',
            sha256Property: 'a b',
          },
        ],
      },
    ],
    ['no Absender', { targets: [{ name: 'x', kind: 'xdomea-http', url: 'https://d', empfaenger: 'e' }] }],
  ])('refuses %s with EXPORT_TARGETS_INVALID', (_what, body) => {
    expect(() => parseTargets(body)).toThrow(expect.objectContaining({ code: 'EXPORT_TARGETS_INVALID' }));
  });

  it('keeps a directory inside the tenant folder', () => {
    expect(targetDir('/srv/export', 't1', 'dms/out')).toBe('/srv/export/t1/dms/out');
    expect(() => targetDir('/srv/export', 't1', '../t2/out')).toThrow();
  });
});

describe('retry backoff', () => {
  it('doubles from a minute, at most a day, and stops after the last attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const delay = (n: number) => (retryAt(n, now)!.getTime() - now.getTime()) / 1000;
    expect([1, 2, 3, 4].map(delay)).toEqual([60, 120, 240, 480]);
    expect(delay(MAX_ATTEMPTS - 1)).toBeLessThanOrEqual(24 * 3600);
    expect(retryAt(MAX_ATTEMPTS, now)).toBeNull();
  });
});
