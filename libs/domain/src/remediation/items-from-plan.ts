import type { Catalogue, Criticality, Effort, Priority } from '../catalogue';
import { catalogueIndex } from '../catalogue-index';
import type { RemediationItemPlan, RemediationPlan } from '../remediation-plan';
import type { Gap } from '../score-audit';

/** An item closes at most this many controls: a bigger remediation group is split, so each title can name all it covers. */
export const MAX_CONTROLS_PER_ITEM = 3;

/** One gap an item closes, as recorded on the item's link to the control. */
export interface ItemControlDraft {
  readonly controlId: string;
  readonly criticality: Criticality;
  readonly severity: number;
  readonly priority: Priority;
  readonly reason: string;
  readonly sourceIds: readonly string[];
  /** Critical and grounded in law: such a gap cannot be risk-accepted. */
  readonly criticalLegal: boolean;
}

export interface RemediationItemDraft extends Pick<
  RemediationItemPlan,
  'title' | 'steps' | 'ownerRole' | 'effort' | 'priority' | 'targetDays'
> {
  /** The plan item it comes from (group or control id), with `#n` when the group was split. */
  readonly planKey: string;
  readonly controls: readonly ItemControlDraft[];
}

const EFFORTS: readonly Effort[] = ['XS', 'S', 'M', 'L', 'XL'];

/** Lower-cases the first letter of a title continuing a sentence, unless it starts an acronym ("CSAM", "HR"). */
const continuing = (title: string) =>
  /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;

/** "A", "A and b", "A, b and c": a title that names every action of the item. */
export function titleFor(titles: readonly string[]): string {
  const unique = [...new Set(titles)];
  if (unique.length === 1) return unique[0];
  const [first, ...rest] = unique;
  return `${first}${rest.length > 1 ? ', ' + rest.slice(0, -1).map(continuing).join(', ') : ''} and ${continuing(rest[rest.length - 1])}`;
}

/**
 * Turns a submitted audit's plan into items: controls already covered by an item of the organisation
 * are left out (nothing is duplicated), and each plan item is split into items of at most
 * {@link MAX_CONTROLS_PER_ITEM} controls, in the plan's order (most severe first), each titled for all it covers.
 */
export function itemsFromPlan(
  result: { readonly gaps: readonly Gap[]; readonly remediation: RemediationPlan },
  catalogue: Catalogue,
  covered: ReadonlySet<string> = new Set(),
): RemediationItemDraft[] {
  const index = catalogueIndex(catalogue);
  const gaps = new Map(result.gaps.map((g) => [g.controlId, g]));
  const isLaw = (id: string) => catalogue.sources.find((s) => s.id === id)?.kind === 'law';
  const drafts: RemediationItemDraft[] = [];
  for (const planItem of result.remediation.items) {
    const members = planItem.controlIds
      .filter((id) => !covered.has(id) && gaps.has(id) && index.controls.has(id))
      .map((id) => gaps.get(id)!)
      .sort((a, b) => a.priority.localeCompare(b.priority) || b.severity - a.severity);
    const chunks = Math.ceil(members.length / MAX_CONTROLS_PER_ITEM);
    for (let c = 0; c < chunks; c++) {
      const part = members.slice(c * MAX_CONTROLS_PER_ITEM, (c + 1) * MAX_CONTROLS_PER_ITEM);
      const controls = part.map((g) => index.controls.get(g.controlId)!);
      const priority = part[0].priority;
      drafts.push({
        planKey: chunks > 1 ? `${planItem.key}#${c + 1}` : planItem.key,
        title: titleFor(controls.map((x) => x.remediation.title)),
        steps: [...new Set(controls.flatMap((x) => x.remediation.steps))],
        ownerRole: controls[0].remediation.ownerRole,
        effort: EFFORTS[Math.max(...controls.map((x) => EFFORTS.indexOf(x.remediation.effort)))],
        priority,
        targetDays: Math.min(...controls.map((x) => x.remediation.targetDays[priority])),
        controls: part.map((g) => ({
          controlId: g.controlId,
          criticality: g.criticality,
          severity: g.severity,
          priority: g.priority,
          reason: g.reason,
          sourceIds: g.sourceIds,
          criticalLegal: g.criticality === 'critical' && g.sourceIds.some(isLaw),
        })),
      });
    }
  }
  return drafts;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type CarryOverOutcome = 'verified' | 'not_effective' | 'still_open';

/**
 * What a later audit's result means for an item: every control passing verifies it; a `done` item with
 * failing controls was not effective (reopened, naming them); anything else stays as it is.
 */
export function carryOverOutcome(
  status: string,
  controlIds: readonly string[],
  failing: ReadonlySet<string>,
): { outcome: CarryOverOutcome; failing: string[] } {
  const stillFailing = controlIds.filter((id) => failing.has(id));
  if (!stillFailing.length) return { outcome: 'verified', failing: [] };
  return { outcome: status === 'done' ? 'not_effective' : 'still_open', failing: stillFailing };
}
