import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EVIDENCE_KINDS = ['document', 'link', 'attestation', 'record'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** An evidence reference as stored in history and returned by the api. */
export interface EvidenceRefData {
  title: string;
  kind: EvidenceKind;
  location: string | null;
  ownerUserId: string | null;
  ownerRole: string | null;
  date: string | null;
  expiresOn: string | null;
}

/**
 * Where the evidence for an answer lives (a policy document id, an intranet link, a signed record). A
 * reference only: the product never stores the evidence itself.
 */
@Entity({ name: 'evidence_ref' })
export class EvidenceRefEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'answer_id', type: 'uuid' })
  answerId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: EvidenceKind;

  /** A URL when `kind` is `link`, otherwise a document or record identifier. */
  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @Column({ name: 'owner_role', type: 'text', nullable: true })
  ownerRole: string | null;

  @Column({ name: 'evidence_date', type: 'date', nullable: true })
  evidenceDate: string | null;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
