import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A compiled framework catalogue, stored once per content hash. Audits pin it, so they are always scored
 * against the exact content they were answered against, whatever is released later.
 */
@Entity({ name: 'framework_version' })
export class FrameworkVersionEntity {
  @PrimaryColumn({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'framework_id', type: 'text' })
  frameworkId: string;

  @Column({ type: 'text' })
  version: string;

  /** The compiled catalogue (libs/domain `Catalogue`) as JSON. */
  @Column({ type: 'jsonb' })
  catalogue: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
