import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthRegistry } from './health.registry.js';

export type CheckStatus = { status: 'up' } | { status: 'down'; error: string };
export interface Readiness {
  status: 'ok' | 'error';
  checks: Record<string, CheckStatus>;
}

/** A check that does not answer in this time counts as down (a hung pool is not ready). */
const CHECK_TIMEOUT_MS = 3000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: HealthRegistry,
  ) {}

  async readiness(): Promise<Readiness> {
    const all: [string, () => Promise<void>][] = [
      ['database', async () => void (await this.dataSource.query('SELECT 1'))],
      ...this.registry.entries(),
    ];
    const results = await Promise.all(all.map(async ([name, check]) => [name, await run(check)] as const));
    const checks = Object.fromEntries(results);
    const ok = results.every(([, r]) => r.status === 'up');
    return { status: ok ? 'ok' : 'error', checks };
  }
}

async function run(check: () => Promise<void>): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
