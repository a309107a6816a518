import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { JobContext } from './job-engine.js';
import { JOB_HANDLER_METADATA, RECOVERY_SWEEP_METADATA } from './job-handler.decorator.js';
import type { JobPayload } from './job-names.js';
import type { RecoverySweeper } from './recovery-sweeper.js';

export type BoundJobHandler = (payload: JobPayload, ctx: JobContext) => Promise<unknown>;

export interface FoundHandler {
  readonly job: string;
  /** `Class.method`, for messages. */
  readonly owner: string;
  readonly run: BoundJobHandler;
}

export class JobHandlerConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`job handlers are misconfigured:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobHandlerConfigError';
  }
}

/**
 * Exactly one handler per declared job, and no handler for an undeclared one. Lists every
 * problem at once, each naming the job, so the operator (or developer) fixes them in one go.
 */
export function resolveHandlers(
  declared: readonly string[],
  found: readonly FoundHandler[],
): Map<string, BoundJobHandler> {
  const problems: string[] = [];
  const byJob = new Map<string, FoundHandler[]>();
  for (const h of found) byJob.set(h.job, [...(byJob.get(h.job) ?? []), h]);
  for (const job of declared) {
    const hs = byJob.get(job) ?? [];
    if (hs.length === 0) problems.push(`job '${job}' has no handler`);
    if (hs.length > 1) {
      problems.push(`job '${job}' has ${hs.length} handlers: ${hs.map((h) => h.owner).join(', ')}`);
    }
  }
  for (const [job, hs] of byJob) {
    if (!declared.includes(job)) {
      problems.push(
        `handler ${hs.map((h) => h.owner).join(', ')} is for job '${job}', which is not declared`,
      );
    }
  }
  if (problems.length > 0) throw new JobHandlerConfigError(problems);
  return new Map([...byJob].map(([job, hs]) => [job, hs[0].run]));
}

/** Finds `@JobHandler` methods and `@RecoverySweep` providers in the whole application. */
@Injectable()
export class JobHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  private instances(): object[] {
    const out = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      // Request-scoped and not yet instantiated providers cannot hold job handlers.
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || !instance || typeof instance !== 'object') continue;
      out.add(instance);
    }
    return [...out];
  }

  findHandlers(): FoundHandler[] {
    const found: FoundHandler[] = [];
    for (const instance of this.instances()) {
      const proto = Object.getPrototypeOf(instance) as object | null;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const job = this.reflector.get<string | undefined>(JOB_HANDLER_METADATA, fn as () => unknown);
        if (!job) continue;
        found.push({
          job,
          owner: `${instance.constructor.name}.${method}`,
          run: (fn as BoundJobHandler).bind(instance),
        });
      }
    }
    return found;
  }

  /** Handlers for exactly the declared jobs; throws `JobHandlerConfigError` otherwise. */
  explore(declared: readonly string[]): Map<string, BoundJobHandler> {
    return resolveHandlers(declared, this.findHandlers());
  }

  findSweepers(): RecoverySweeper[] {
    return this.instances().filter(
      (instance): instance is RecoverySweeper =>
        this.reflector.get<boolean | undefined>(
          RECOVERY_SWEEP_METADATA,
          instance.constructor as () => unknown,
        ) === true,
    );
  }
}
