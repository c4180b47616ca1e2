export * from './policy-issue';
export * from './policies-dir';
export * from './file-kinds';
export { POLICY_IDS, isPolicyId, type PolicyIdKind, type PolicyIdSyntax } from './ids';
export { compileFramework } from './compile-framework';
export { checkPolicies, type CheckResult } from './check-policies';
export { compareSemver, isSemver, listFrameworks, loadFramework, loadFrameworkRef, loadLatestFramework, type FrameworkRef } from './load-framework';
export { validateAnswersDocument, type SchemaProblem } from './schemas';
export { parseYamlFile, type YamlFile } from './yaml-file';
