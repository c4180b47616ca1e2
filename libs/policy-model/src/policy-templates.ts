import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { Catalogue } from '@aup/domain';
import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';

/**
 * Clause and action-plan templates and jurisdictions come from the latest framework version's compiled
 * catalogue. Content is read-only while the process runs, so it is compiled once.
 */
@Injectable()
export class PolicyTemplates {
  private catalogue?: Catalogue;
  private readonly policiesDir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policiesDir = resolvePoliciesDir(config.POLICIES_DIR);
  }

  latest(): Catalogue {
    return (this.catalogue ??= loadLatestFramework(this.policiesDir));
  }
}
