import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the append-only, hash-chained audit trail. Ids only (never e-mail addresses or names),
 * so erasing a person leaves the chain valid. Written only through the api's AuditTrailService.
 */
@Entity({ name: 'audit_event' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Null for events that belong to no organisation (e.g. a user's own account). */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  /** Position in the organisation's chain, from 1. */
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text' })
  entity: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;

  /**
   * The rule that hashed the row: 1, the api's canonical JSON of the fields; 2, PostgreSQL's jsonb text
   * of them (`aup_audit_event_doc`), written by `aup_append_events`.
   */
  @Column({ type: 'smallint' })
  format: number;
}
