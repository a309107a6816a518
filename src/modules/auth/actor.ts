import type { Principal } from './auth.contract.js';

/** How a principal appears as the actor of audit entries. */
export function actorOf(p: Principal): string {
  return `${p.kind === 'user' ? 'user' : 'api-key'}:${p.id}`;
}
