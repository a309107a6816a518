/**
 * The Node.js versions the product promises (package.json `engines`, repeated in the
 * README) must be ones every locked dependency accepts, and the lock file must let a plain
 * `npm ci` work on any platform: it lists every platform's optional native packages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }>;
};

/** The lowest version of each major line the `engines` range admits (20.19.0, 22.13.0, …). */
function lowestOfEachLine(range: string): string[] {
  return semver
    .validRange(range)!
    .split('||')
    .map((part) => semver.minVersion(part.trim())!.version);
}

describe('dependency engines', () => {
  const promised = lowestOfEachLine(pkg.engines.node);

  it('promises Node.js 20 and the current LTS lines', () => {
    expect(promised.map((v) => semver.major(v))).toEqual(expect.arrayContaining([20, 22, 24]));
  });

  it.each(promised)('every locked package accepts Node.js %s', (version) => {
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && typeof p.engines.node === 'string')
      .filter(
        ([, p]) =>
          !semver.satisfies(version, (p.engines as { node: string }).node, { includePrerelease: true }),
      )
      .map(([name, p]) => `${name} (${(p.engines as { node: string }).node})`);
    expect(refusing).toEqual([]);
  });

  it("lists other platforms' optional native packages, as npm ci needs", () => {
    const names = Object.keys(lock.packages);
    for (const needed of ['@swc/core-darwin-arm64', '@swc/core-win32-x64-msvc', '@esbuild/darwin-arm64']) {
      expect(names).toContain(`node_modules/${needed}`);
    }
  });
});
