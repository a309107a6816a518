/**
 * Substitutes (Vertretung), pure: who stands in for whom today, along chains (A is absent
 * and named B, B is absent too and named C: C stands in for A and B), safe against cycles.
 * A substitute acts *for* the absent person; the separation rules still judge the
 * substitute as themselves (see separation.ts), so standing in never grants a right.
 */

export interface SubstitutionEdge {
  /** The absent user. */
  readonly userId: string;
  /** Who stands in. */
  readonly substituteId: string;
}

/** Longest chain followed; deeper chains are an organisational problem, not a reason to loop. */
export const MAX_CHAIN = 5;

/**
 * The users `actor` stands in for through the given (active) substitutions, nearest first:
 * walk backwards from the actor — everyone who named the actor, everyone who named them, …
 */
export function representedBy(actor: string, edges: readonly SubstitutionEdge[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>([actor]);
  let frontier = [actor];
  for (let depth = 0; depth < MAX_CHAIN && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const sub of frontier)
      for (const e of edges)
        if (e.substituteId === sub && !seen.has(e.userId)) {
          seen.add(e.userId);
          out.push(e.userId);
          next.push(e.userId);
        }
    frontier = next;
  }
  return out;
}

/** Whether adding `candidate` to the edges (all overlapping its period) would close a cycle. */
export function closesCycle(candidate: SubstitutionEdge, edges: readonly SubstitutionEdge[]): boolean {
  if (candidate.userId === candidate.substituteId) return true;
  // A cycle exists when the absent user is reachable from the substitute along "names as substitute".
  const seen = new Set<string>();
  const stack = [candidate.substituteId];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u === candidate.userId) return true;
    if (seen.has(u)) continue;
    seen.add(u);
    for (const e of edges) if (e.userId === u) stack.push(e.substituteId);
  }
  return false;
}
