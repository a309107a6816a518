import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { JobHandler, RecoverySweep } from './job-handler.decorator.js';
import {
  type FoundHandler,
  JobHandlerConfigError,
  JobHandlerExplorer,
  resolveHandlers,
} from './job-handler.explorer.js';
import type { JobPayloads, JobRequest } from './job-names.js';
import type { RecoverySweeper } from './recovery-sweeper.js';

const handler = (job: string, owner: string): FoundHandler => ({ job, owner, run: async () => undefined });

describe('resolveHandlers (the boot-time check)', () => {
  it('returns one handler per declared job', () => {
    const map = resolveHandlers(['a.one', 'b.two'], [handler('a.one', 'A.run'), handler('b.two', 'B.run')]);
    expect([...map.keys()].sort()).toEqual(['a.one', 'b.two']);
  });

  it('refuses a declared job without a handler, naming the job', () => {
    expect(() => resolveHandlers(['a.one', 'b.two'], [handler('a.one', 'A.run')])).toThrow(
      "job 'b.two' has no handler",
    );
  });

  it('refuses a job with two handlers, naming the job and both handlers', () => {
    expect(() =>
      resolveHandlers(['a.one'], [handler('a.one', 'A.run'), handler('a.one', 'B.other')]),
    ).toThrow("job 'a.one' has 2 handlers: A.run, B.other");
  });

  it('refuses a handler for a job nobody declared', () => {
    expect(() =>
      resolveHandlers(['a.one'], [handler('a.one', 'A.run'), handler('x.ghost', 'X.run')]),
    ).toThrow("handler X.run is for job 'x.ghost', which is not declared");
  });

  it('lists every problem at once', () => {
    try {
      resolveHandlers(['a.one', 'b.two'], [handler('b.two', 'A.run'), handler('b.two', 'B.run')]);
      throw new Error('expected a JobHandlerConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(JobHandlerConfigError);
      expect((err as JobHandlerConfigError).problems).toHaveLength(2);
    }
  });
});

// Real Nest discovery over small modules (no database, no queue).
@Injectable()
class VerifyHandlerA {
  calls: string[] = [];
  @JobHandler('audit.verify')
  async handle(payload: JobPayloads['audit.verify']): Promise<void> {
    this.calls.push(payload.verificationId);
  }
}

@Injectable()
class VerifyHandlerB {
  @JobHandler('audit.verify')
  async again(_payload: JobPayloads['audit.verify']): Promise<void> {}
}

@Injectable()
@RecoverySweep()
class PendingSweeper implements RecoverySweeper {
  readonly name = 'pending';
  async findPending(): Promise<JobRequest[]> {
    return [];
  }
}

@Injectable()
class Unrelated {
  async handle(): Promise<void> {}
}

async function explore(providers: (new (...args: never[]) => object)[]) {
  @Module({ imports: [DiscoveryModule], providers: [JobHandlerExplorer, ...providers] })
  class TestModule {}
  const ctx = await NestFactory.createApplicationContext(TestModule, { logger: false });
  return { ctx, explorer: ctx.get(JobHandlerExplorer) };
}

describe('JobHandlerExplorer (Nest discovery)', () => {
  it('finds the @JobHandler method, bound to its provider instance, and the sweepers', async () => {
    const { ctx, explorer } = await explore([VerifyHandlerA, PendingSweeper, Unrelated]);
    try {
      const handlers = explorer.explore(['audit.verify']);
      await handlers.get('audit.verify')!(
        { tenantId: 't', verificationId: 'v1' },
        { jobId: 'j', attempt: 1 },
      );
      expect(ctx.get(VerifyHandlerA).calls).toEqual(['v1']);
      expect(explorer.findSweepers().map((s) => s.name)).toEqual(['pending']);
    } finally {
      await ctx.close();
    }
  });

  it('refuses to start when a job has two handlers', async () => {
    const { ctx, explorer } = await explore([VerifyHandlerA, VerifyHandlerB]);
    try {
      expect(() => explorer.explore(['audit.verify'])).toThrow(
        "job 'audit.verify' has 2 handlers: VerifyHandlerA.handle, VerifyHandlerB.again",
      );
    } finally {
      await ctx.close();
    }
  });

  it('refuses to start when a declared job has no handler', async () => {
    const { ctx, explorer } = await explore([Unrelated]);
    try {
      expect(() => explorer.explore(['audit.verify'])).toThrow("job 'audit.verify' has no handler");
    } finally {
      await ctx.close();
    }
  });
});
