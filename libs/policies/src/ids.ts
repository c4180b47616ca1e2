/** The syntax of one kind of policy id: its JSON Schema's `pattern` and `maxLength`. */
export interface PolicyIdSyntax {
  readonly pattern: RegExp;
  readonly maxLength: number;
}

/**
 * The ids of policies/ that the api takes in request paths, with the syntax their JSON Schemas
 * (policies/schema) give them; a unit test keeps each equal to its schema. An id that does not match can
 * name nothing in any framework version.
 */
export const POLICY_IDS = {
  /** A framework: its folder under frameworks/ (`workplace-csam-readiness`). */
  framework: { pattern: /^[a-z][a-z0-9-]*$/, maxLength: 64 },
  /** A framework version: semver, its folder under frameworks/<id>/ (`1.1.0`). */
  version: { pattern: /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, maxLength: 32 },
  /** A questionnaire section of a framework (`it`, `hr`). */
  section: { pattern: /^[a-z][a-z_]*$/, maxLength: 64 },
  /** An acceptable-use clause template (`aup-scope`). */
  clause: { pattern: /^[a-z][a-z0-9-]*$/, maxLength: 64 },
  /** A step of the action-plan template (`contain`). */
  step: { pattern: /^[a-z][a-z0-9_-]*$/, maxLength: 64 },
  /** A legal obligation of a jurisdiction file (`GB-OFFENCES`). */
  obligation: { pattern: /^[A-Z0-9][A-Z0-9-]*$/, maxLength: 64 },
} as const satisfies Record<string, PolicyIdSyntax>;

export type PolicyIdKind = keyof typeof POLICY_IDS;

/** Whether `id` has the syntax of a `kind` id (and so could name one). */
export const isPolicyId = (kind: PolicyIdKind, id: string): boolean =>
  id.length <= POLICY_IDS[kind].maxLength && POLICY_IDS[kind].pattern.test(id);
