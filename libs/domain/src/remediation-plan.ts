import type { Catalogue, Effort, OwnerRole, Priority } from './catalogue';
import { catalogueIndex } from './catalogue-index';
import type { Gap, ScoreResult } from './score-audit';

export interface RemediationItemPlan {
  /** The remediation group, or the control id when the control is not grouped. */
  readonly key: string;
  readonly title: string;
  readonly steps: readonly string[];
  readonly ownerRole: OwnerRole;
  readonly effort: Effort;
  readonly priority: Priority;
  /** Days from the plan's creation to the target date, for this priority. */
  readonly targetDays: number;
  /** The controls this item closes: each is a gap of the results, with its reason and sources there. */
  readonly controlIds: readonly string[];
  /** Keys of items that must be done first. */
  readonly dependsOn: readonly string[];
}

export interface RemediationPlan {
  readonly items: readonly RemediationItemPlan[];
}

const EFFORTS: readonly Effort[] = ['XS', 'S', 'M', 'L', 'XL'];

/**
 * Turns gaps into checklist items: one item per remediation group (closing several controls) or per
 * control; ordered by priority, with every item's prerequisites placed before it (a prerequisite is pulled
 * forward to the priority of what waits on it).
 */
export function buildRemediationPlan(
  result: Pick<ScoreResult, 'gaps'>,
  catalogue: Catalogue,
): RemediationPlan {
  const index = catalogueIndex(catalogue);
  const keyOf = (controlId: string) => index.controls.get(controlId)!.remediation.group ?? controlId;
  const members = new Map<string, Gap[]>();
  for (const gap of [...result.gaps].sort(
    (a, b) => index.order.get(a.controlId)! - index.order.get(b.controlId)!,
  )) {
    const key = keyOf(gap.controlId);
    members.set(key, [...(members.get(key) ?? []), gap]);
  }
  const items = new Map<string, RemediationItemPlan & { severity: number; first: number }>();
  for (const [key, gaps] of members) {
    const lead = [...gaps].sort((a, b) => a.priority.localeCompare(b.priority) || b.severity - a.severity)[0];
    const leadControl = index.controls.get(lead.controlId)!;
    const controls = gaps.map((g) => index.controls.get(g.controlId)!);
    const priority = lead.priority;
    const dependsOn = new Set<string>();
    for (const c of controls)
      for (const dep of c.remediation.dependsOn)
        if (members.has(keyOf(dep)) && keyOf(dep) !== key) dependsOn.add(keyOf(dep));
    items.set(key, {
      key,
      title: leadControl.remediation.title,
      steps: [...new Set(controls.flatMap((c) => c.remediation.steps))],
      ownerRole: leadControl.remediation.ownerRole,
      effort: EFFORTS[Math.max(...controls.map((c) => EFFORTS.indexOf(c.remediation.effort)))],
      priority,
      targetDays: Math.min(...controls.map((c) => c.remediation.targetDays[priority])),
      controlIds: gaps.map((g) => g.controlId),
      dependsOn: [...dependsOn].sort(),
      severity: Math.max(...gaps.map((g) => g.severity)),
      first: index.order.get(gaps[0].controlId)!,
    });
  }

  // Effective priority: the best priority of the item and of everything that waits on it.
  const effective = new Map<string, Priority>();
  const dependents = new Map<string, string[]>();
  for (const item of items.values())
    for (const dep of item.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), item.key]);
  const effectiveOf = (key: string, seen: Set<string>): Priority => {
    const known = effective.get(key);
    if (known) return known;
    let best = items.get(key)!.priority;
    for (const d of dependents.get(key) ?? []) {
      if (seen.has(d)) continue;
      const p = effectiveOf(d, new Set([...seen, d]));
      if (p < best) best = p;
    }
    effective.set(key, best);
    return best;
  };
  for (const key of items.keys()) effectiveOf(key, new Set([key]));

  const rank = (a: string, b: string) => {
    const x = items.get(a)!;
    const y = items.get(b)!;
    return (
      effective.get(a)!.localeCompare(effective.get(b)!) ||
      x.priority.localeCompare(y.priority) ||
      y.severity - x.severity ||
      x.first - y.first
    );
  };
  const ordered: string[] = [];
  const done = new Set<string>();
  const pending = [...items.keys()];
  while (pending.length) {
    const ready = pending.filter((k) => items.get(k)!.dependsOn.every((d) => done.has(d)));
    // A dependency cycle between groups cannot block the plan: fall back to the best-ranked item.
    const next = (ready.length ? ready : pending).sort(rank)[0];
    ordered.push(next);
    done.add(next);
    pending.splice(pending.indexOf(next), 1);
  }
  return {
    items: ordered.map((k) => {
      const { severity: _s, first: _f, ...item } = items.get(k)!;
      return item;
    }),
  };
}
