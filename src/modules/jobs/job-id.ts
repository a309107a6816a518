import type { JobPayload } from './job-names.js';

/**
 * The deterministic id of a job: its name and every field of its payload, in key order.
 * Enqueueing the same work twice therefore yields the same id, and BullMQ ignores an add
 * whose id already exists (waiting, delayed, active or failed) — a duplicate is a no-op.
 *
 * Ids are `name~key=value~key=value`, e.g. `audit.verify~tenantId=…~verificationId=…`:
 * readable in logs and usable as a URL path segment as is (the admin retry route). Keys
 * and values are percent-encoded (and '~' too), so a value can never forge a separator,
 * and an id never contains ':', which BullMQ refuses (its Redis key separator).
 */
export function jobIdFor(name: string, payload: JobPayload): string {
  assertJobName(name);
  const keys = Object.keys(payload).sort();
  const parts = keys.map((k) => `${encode(k)}=${encode(payload[k])}`);
  return [name, ...parts].join('~');
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/~/g, '%7E');
}

/**
 * Job names are dotted lower-case words (`audit.verify`). Checked because the name leads
 * the job id and BullMQ rejects ids that are plain integers or contain ':'.
 */
export function assertJobName(name: string): void {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(name)) {
    throw new Error(`invalid job name '${name}': expected dotted lower-case words such as 'audit.verify'`);
  }
}
