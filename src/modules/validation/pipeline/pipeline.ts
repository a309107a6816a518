/**
 * Validation as an ordered list of named steps over one context object (as the KoSIT
 * validator does it). A step either enriches the context or ends the run by setting
 * `done`; steps marked `always` (the decision) run regardless. Pure library code: no
 * Nest, database or network.
 */
export interface Step<C extends { done: boolean; steps: string[] }> {
  readonly name: string;
  /** Runs even after an earlier step ended the run. */
  readonly always?: boolean;
  /** Bookkeeping, not a step of the validation itself: not listed in `ctx.steps`. */
  readonly silent?: boolean;
  run(ctx: C): void | Promise<void>;
}

export async function runPipeline<C extends { done: boolean; steps: string[] }>(
  steps: readonly Step<C>[],
  ctx: C,
): Promise<C> {
  for (const step of steps) {
    if (ctx.done && !step.always) continue;
    if (!step.silent) ctx.steps.push(step.name);
    // Only a step that returns a promise is awaited: the synchronous steps of a document
    // run back to back, so that with several documents under way (the batch runner)
    // each one's tree is built and read in one go instead of all documents advancing a
    // step at a time, every tree alive until the last one is done.
    const pending = step.run(ctx);
    if (pending) await pending;
  }
  return ctx;
}
