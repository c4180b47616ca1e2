import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ANSWER_STATUSES = ['unanswered', 'answered', 'needs_review', 'needs_changes'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** The current answer to one question of one audit. Every successful write bumps `version`. */
@Entity({ name: 'answer' })
@Index('uq_answer_audit_question', ['auditId', 'questionId'], { unique: true })
export class AnswerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'question_id', type: 'text' })
  questionId: string;

  /** An option value, a list of option values, a number, a date or screened text; null when cleared. */
  @Column({ type: 'jsonb', nullable: true })
  value: unknown;

  @Column({ type: 'text', default: 'answered' })
  status: AnswerStatus;

  @Column({ type: 'text', nullable: true })
  justification: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
