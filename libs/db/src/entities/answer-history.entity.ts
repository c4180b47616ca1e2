import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerStatus } from './answer.entity';
import type { EvidenceRefData } from './evidence-ref.entity';

/** One successful write of an answer, as it was after the write. */
@Entity({ name: 'answer_history' })
export class AnswerHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'answer_id', type: 'uuid' })
  answerId: string;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @Column({ name: 'question_id', type: 'text' })
  questionId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb', nullable: true })
  value: unknown;

  @Column({ type: 'text' })
  status: AnswerStatus;

  @Column({ type: 'text', nullable: true })
  justification: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  evidence: EvidenceRefData[];

  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
