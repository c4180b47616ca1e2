import { resolve } from 'node:path';
import type { Catalogue } from '@aup/domain';
import { compileFramework } from './compile-framework';
import { POLICY_IDS } from './ids';
import { PolicyLoadError, UnknownFrameworkError } from './policy-issue';
import { PolicyReader } from './policy-reader';

export interface FrameworkRef {
  readonly id: string;
  readonly version: string;
}

export function isSemver(version: string): boolean {
  return POLICY_IDS.version.pattern.test(version);
}

/** Orders semantic versions numerically (1.10.0 after 1.9.0). */
export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Every framework version under frameworks/, by id then ascending version. */
export function listFrameworks(policiesDir: string): FrameworkRef[] {
  const reader = new PolicyReader(policiesDir);
  return reader.foldersIn('frameworks').flatMap((id) =>
    reader
      .foldersIn(`frameworks/${id}`)
      .filter(isSemver)
      .sort(compareSemver)
      .map((version) => ({ id, version })),
  );
}

const cache = new Map<string, Catalogue>();

/**
 * Loads, validates and compiles one framework version. Cached per process: content is read-only at
 * runtime, and a new version is a new folder.
 * @throws UnknownFrameworkError when the version does not exist, PolicyLoadError when it is invalid.
 */
export function loadFramework(policiesDir: string, frameworkId: string, version: string): Catalogue {
  const key = `${resolve(policiesDir)}\0${frameworkId}@${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const available = listFrameworks(policiesDir);
  if (!available.some((f) => f.id === frameworkId && f.version === version)) {
    throw new UnknownFrameworkError(`${frameworkId}@${version}`, available.map((f) => `${f.id}@${f.version}`));
  }
  const { catalogue, issues } = compileFramework(new PolicyReader(policiesDir), frameworkId, version);
  if (!catalogue) throw new PolicyLoadError(issues);
  cache.set(key, catalogue);
  return catalogue;
}

/** The highest version of a framework; without an id, of the only framework there is. */
export function loadLatestFramework(policiesDir: string, frameworkId?: string): Catalogue {
  const available = listFrameworks(policiesDir);
  const ids = [...new Set(available.map((f) => f.id))];
  const id = frameworkId ?? (ids.length === 1 ? ids[0] : undefined);
  const versions = available.filter((f) => f.id === id);
  if (!id || !versions.length) {
    throw new UnknownFrameworkError(frameworkId ?? (ids.length ? '(several frameworks: name one)' : '(none)'), available.map((f) => `${f.id}@${f.version}`));
  }
  return loadFramework(policiesDir, id, versions[versions.length - 1].version);
}

/** Parses `id@version` (or a bare id, meaning its latest version) and loads it. */
export function loadFrameworkRef(policiesDir: string, ref: string | undefined): Catalogue {
  if (!ref) return loadLatestFramework(policiesDir);
  const at = ref.indexOf('@');
  return at < 0 ? loadLatestFramework(policiesDir, ref) : loadFramework(policiesDir, ref.slice(0, at), ref.slice(at + 1));
}
