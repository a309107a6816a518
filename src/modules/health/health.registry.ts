import { Injectable } from '@nestjs/common';

/** A readiness check: resolves when the dependency works, throws (or rejects) when not. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Where modules register what `/health/ready` must check besides the database (the job
 * queue backend, for instance): `registry.register('queue', () => queue.health())` in the
 * module's `onModuleInit`.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check '${name}' registered twice`);
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
