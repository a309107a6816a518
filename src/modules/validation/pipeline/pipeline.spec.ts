import { runPipeline, type Step } from './pipeline.js';

interface Ctx {
  readonly name: string;
  done: boolean;
  steps: string[];
}

const ctxOf = (name: string): Ctx => ({ name, done: false, steps: [] });

describe('runPipeline', () => {
  it('runs the synchronous steps of one document back to back, yielding only at a promise', async () => {
    const log: string[] = [];
    const sync = (name: string): Step<Ctx> => ({ name, run: (c) => void log.push(`${c.name}:${name}`) });
    const steps: Step<Ctx>[] = [
      sync('parse'),
      sync('rules'),
      { name: 'join', run: async (c) => void log.push(`${c.name}:join`) },
      sync('decide'),
    ];
    // started together, as the batch runner starts the documents under way
    await Promise.all([runPipeline(steps, ctxOf('a')), runPipeline(steps, ctxOf('b'))]);
    expect(log.slice(0, 5)).toEqual(['a:parse', 'a:rules', 'a:join', 'b:parse', 'b:rules']);
    expect(log.filter((l) => l.startsWith('a:'))).toEqual(['a:parse', 'a:rules', 'a:join', 'a:decide']);
    expect(log).toHaveLength(8);
  });

  it('skips the steps after `done` except those that always run, listing what ran', async () => {
    const steps: Step<Ctx>[] = [
      { name: 'read', run: (c) => void (c.done = true) },
      { name: 'rules', run: () => undefined },
      { name: 'bookkeeping', always: true, silent: true, run: () => undefined },
      { name: 'decide', always: true, run: () => Promise.resolve() },
    ];
    const c = await runPipeline(steps, ctxOf('a'));
    expect(c.steps).toEqual(['read', 'decide']);
  });
});
