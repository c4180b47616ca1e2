import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { FrameworkVersionRepository } from '@aup/db';
import { deepFreeze, type Catalogue } from '@aup/domain';
import { loadFrameworkRef, resolvePoliciesDir, UnknownFrameworkError } from '@aup/policies';
import { ProblemException } from '../common/problem';

const FRAMEWORK_REF = /^[a-z0-9][a-z0-9-]{0,63}(@(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5}))?$/;

/**
 * Compiled catalogues by content hash. An audit pins the hash it was created with; scoring always uses
 * that exact catalogue (from memory, or from the framework_version table after a restart), never a newer one.
 */
@Injectable()
export class CatalogueStore {
  private readonly byHash = new Map<string, Catalogue>();
  private readonly policiesDir: string;

  constructor(
    private readonly repo: FrameworkVersionRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policiesDir = resolvePoliciesDir(config.POLICIES_DIR);
  }

  /** Loads the framework named by `ref` (`id@version`, `id`, or nothing for the latest) and stores it once by hash. */
  async pin(ref: string | undefined): Promise<Catalogue> {
    if (ref !== undefined && !FRAMEWORK_REF.test(ref)) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'FRAMEWORK.UNKNOWN',
        'Unknown framework',
        'Name the framework as id@version (e.g. workplace-csam-readiness@1.0.0) or by id.',
      );
    }
    let catalogue: Catalogue;
    try {
      catalogue = loadFrameworkRef(this.policiesDir, ref);
    } catch (err) {
      if (err instanceof UnknownFrameworkError) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'FRAMEWORK.UNKNOWN',
          'Unknown framework',
          err.message,
          { available: err.available },
        );
      }
      throw err;
    }
    await this.repo.store({
      contentHash: catalogue.contentHash,
      frameworkId: catalogue.framework.id,
      version: catalogue.framework.version,
      catalogue,
    });
    if (!this.byHash.has(catalogue.contentHash)) this.byHash.set(catalogue.contentHash, catalogue);
    return catalogue;
  }

  /** The pinned catalogue of an audit. */
  async get(contentHash: string): Promise<Catalogue> {
    const cached = this.byHash.get(contentHash);
    if (cached) return cached;
    const stored = await this.repo.find(contentHash);
    if (!stored) throw new Error(`catalogue ${contentHash} is pinned by an audit but not stored`);
    const catalogue = deepFreeze(stored as Catalogue);
    this.byHash.set(contentHash, catalogue);
    return catalogue;
  }
}
