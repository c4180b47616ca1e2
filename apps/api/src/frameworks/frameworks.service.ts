import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { FrameworkListView, FrameworkSummary, FrameworkVersionView } from '@aup/contracts';
import type { Catalogue } from '@aup/domain';
import {
  compareSemver,
  listFrameworks,
  loadFramework,
  resolvePoliciesDir,
  type FrameworkRef,
} from '@aup/policies';
import { ProblemException } from '../common/problem';
import { profileDependencies } from './profile-dependencies';

/**
 * The frameworks in policies/ and what each version asks about the organisation. Content is read-only
 * while the process runs (a new version is a new folder and a new release), so the list and every view
 * are built once and kept.
 */
@Injectable()
export class FrameworksService {
  private readonly policiesDir: string;
  private refs?: FrameworkRef[];
  private list?: FrameworkListView;
  private readonly views = new Map<string, FrameworkVersionView>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policiesDir = resolvePoliciesDir(config.POLICIES_DIR);
  }

  frameworks(): FrameworkListView {
    if (this.list) return this.list;
    const byId = new Map<string, string[]>();
    for (const ref of this.available()) byId.set(ref.id, [...(byId.get(ref.id) ?? []), ref.version]);
    const items: FrameworkSummary[] = [...byId].map(([id, versions]) => {
      const latestVersion = versions[versions.length - 1];
      return {
        id,
        title: loadFramework(this.policiesDir, id, latestVersion).framework.title,
        latestVersion,
        versions: versions.map((version) => ({ version, latest: version === latestVersion })),
      };
    });
    this.list = { items };
    return this.list;
  }

  version(frameworkId: string, version: string): FrameworkVersionView {
    const key = `${frameworkId}@${version}`;
    const cached = this.views.get(key);
    if (cached) return cached;
    // The route takes only ids and versions with the syntax of policies/ (policyId); each is also looked up
    // in the listing before any file is read, so a path parameter never reaches the file system.
    const known = this.available().some((r) => r.id === frameworkId && r.version === version);
    if (!known) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'FRAMEWORK.NOT_FOUND',
        'No such framework version',
        `There is no framework version ${key.slice(0, 140)}.`,
        {
          available: this.available().map((r) => `${r.id}@${r.version}`),
        },
      );
    }
    const view = toView(
      loadFramework(this.policiesDir, frameworkId, version),
      this.isLatest(frameworkId, version),
    );
    this.views.set(key, view);
    return view;
  }

  private available(): FrameworkRef[] {
    return (this.refs ??= listFrameworks(this.policiesDir));
  }

  private isLatest(frameworkId: string, version: string): boolean {
    const versions = this.available()
      .filter((r) => r.id === frameworkId)
      .map((r) => r.version);
    return versions.every((v) => compareSemver(v, version) <= 0);
  }
}

function toView(c: Catalogue, latest: boolean): FrameworkVersionView {
  const affects = profileDependencies(c);
  const controls = c.domains.flatMap((d) => d.controls);
  return {
    id: c.framework.id,
    version: c.framework.version,
    latest,
    title: c.framework.title,
    description: c.framework.description ?? null,
    contentHash: c.contentHash,
    sections: c.sections.map((s) => ({ id: s.id, title: s.title, description: s.description ?? null })),
    profile: c.profile.map((f) => ({
      id: f.id,
      type: f.type,
      label: f.label,
      help: f.help ?? null,
      required: f.required,
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
      ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
      affects: affects.get(f.id) ?? { questions: 0, obligations: 0 },
    })),
    counts: {
      domains: c.domains.length,
      controls: controls.length,
      questions: controls.reduce((n, ctl) => n + ctl.questions.length, 0),
      obligations: c.jurisdictions.reduce((n, j) => n + j.obligations.length, 0),
    },
  };
}
