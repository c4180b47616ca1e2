import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';

/** The compiled catalogue stored for a content hash. */
export interface StoredCatalogue {
  contentHash: string;
  frameworkId: string;
  version: string;
  catalogue: unknown;
}

/**
 * Compiled framework catalogues, stored once per content hash (`framework_version`): audits pin them, so
 * an audit is always scored against the exact content it was answered against.
 */
@Injectable()
export class FrameworkVersionRepository extends TxRepository {
  /** Stores the catalogue unless its content hash is stored already. */
  async store(c: StoredCatalogue): Promise<void> {
    await this.db.query(
      `INSERT INTO framework_version (content_hash, framework_id, version, catalogue) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [c.contentHash, c.frameworkId, c.version, JSON.stringify(c.catalogue)],
    );
  }

  /** The stored catalogue document for a content hash, or null. */
  async find(contentHash: string): Promise<unknown> {
    const rows: { catalogue: unknown }[] = await this.db.query(
      `SELECT catalogue FROM framework_version WHERE content_hash = $1`,
      [contentHash],
    );
    return rows.length ? rows[0].catalogue : null;
  }
}
