import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { AnswerStatus, EvidenceRefData } from '../types';
import { prepared, runPrepared } from '../prepared-statement';

/** The current answer to one question of one audit. Every successful write raises `version`. */
export interface AnswerRecord {
  id: string;
  auditId: string;
  organisationId: string;
  questionId: string;
  value: unknown;
  status: AnswerStatus;
  justification: string | null;
  note: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AnswerHistoryRecord {
  version: number;
  value: unknown;
  status: AnswerStatus;
  justification: string | null;
  note: string | null;
  evidence: EvidenceRefData[];
  changedBy: string | null;
  changedAt: Date;
}

export interface AnswerCommentRecord {
  id: string;
  questionId: string;
  authorUserId: string | null;
  body: string;
  createdAt: Date;
}

/** An answer copied into a new audit from its predecessor (marked needs_review, with its evidence). */
export interface CopiedAnswer {
  questionId: string;
  value: unknown;
  justification: string | null;
  note: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  evidence: readonly EvidenceRefData[];
}

/** The arguments of one call of `aup_save_answers` (see the migration that defines it). */
export interface SaveAnswersCall {
  auditId: string;
  organisationId: string;
  userId: string;
  manager: boolean;
  contentHash: string;
  profileHash: string;
  /** In question order (the lock order of every writer). */
  items: readonly unknown[];
}

interface AnswerRow {
  id: string;
  audit_id: string;
  organisation_id: string;
  question_id: string;
  value: unknown;
  status: AnswerStatus;
  justification: string | null;
  note: string | null;
  answered_by: string | null;
  answered_at: Date | string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Evidence as stored inline (jsonb), in the field order the api has always sent. */
const evidenceRef = (e: EvidenceRefData): EvidenceRefData => ({
  title: e.title,
  kind: e.kind,
  location: e.location,
  ownerUserId: e.ownerUserId,
  ownerRole: e.ownerRole,
  date: e.date,
  expiresOn: e.expiresOn,
});

const toAnswer = (r: AnswerRow): AnswerRecord => ({
  id: r.id,
  auditId: r.audit_id,
  organisationId: r.organisation_id,
  questionId: r.question_id,
  value: r.value,
  status: r.status,
  justification: r.justification,
  note: r.note,
  answeredBy: r.answered_by,
  answeredAt: r.answered_at === null ? null : new Date(r.answered_at),
  version: r.version,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const ANSWER_COLUMNS =
  'id, audit_id, organisation_id, question_id, value, status, justification, note, answered_by, answered_at, version, created_at, updated_at';

/**
 * Answers saved in one round trip that commits on its own (`aup_save_answers`): the audit opened, the
 * profile and catalogue the answers were checked against confirmed, the sections' assignment checked, the
 * rows locked in question order and version-checked, then written with their evidence and history, and
 * the trail events chained. Refusals come back as SQLSTATEs `UA4xx`.
 */
const SAVE_ANSWERS = prepared(
  'answers_save',
  `SELECT aup_save_answers($1, $2, $3, $4, $5, $6, $7::jsonb) AS r`,
);

const SAVE_CONTEXT = prepared(
  'answers_save_context',
  `SELECT a.content_hash, o.profile, o.profile_hash
     FROM audit a JOIN organisation o ON o.id = a.organisation_id
    WHERE a.id = $1 AND a.organisation_id = $2`,
);

/** The only code that names `answer`, `answer_history` and `answer_comment` (and reads answers' trail events for their history). */
@Injectable()
export class AnswerRepository extends TxRepository {
  /** Current answers of an audit (all, or the questions named) with their evidence in order. */
  async load(
    auditId: string,
    questionIds?: readonly string[],
  ): Promise<{ answer: AnswerRecord; evidence: EvidenceRefData[] }[]> {
    if (questionIds && !questionIds.length) return [];
    const rows: (AnswerRow & { evidence: EvidenceRefData[] })[] = questionIds
      ? await this.db.query(
          `SELECT ${ANSWER_COLUMNS}, evidence FROM answer WHERE audit_id = $1 AND question_id = ANY($2::text[])`,
          [auditId, questionIds],
        )
      : await this.db.query(`SELECT ${ANSWER_COLUMNS}, evidence FROM answer WHERE audit_id = $1`, [auditId]);
    return rows.map((r) => ({ answer: toAnswer(r), evidence: r.evidence.map(evidenceRef) }));
  }

  /** Every answer with a value (answers awaiting review count with their copied value), by question id. */
  async forScoring(
    auditId: string,
  ): Promise<{ questionId: string; value: unknown; justification: string | null }[]> {
    const rows: { question_id: string; value: unknown; justification: string | null }[] = await this.db.query(
      `SELECT question_id, value, justification FROM answer WHERE audit_id = $1 AND value IS NOT NULL AND status <> 'unanswered' ORDER BY question_id`,
      [auditId],
    );
    return rows.map((r) => ({ questionId: r.question_id, value: r.value, justification: r.justification }));
  }

  /** Copies answers into a new audit as needs_review, with their evidence; each starts its history at version 1. */
  async copyInto(
    auditId: string,
    organisationId: string,
    answers: readonly CopiedAnswer[],
    userId: string,
  ): Promise<void> {
    const rows = answers.map((a) => ({
      question_id: a.questionId,
      value: a.value,
      justification: a.justification,
      note: a.note,
      answered_by: a.answeredBy,
      answered_at: a.answeredAt,
      evidence: a.evidence,
    }));
    await this.db.query(
      `WITH src AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(question_id text, value jsonb, justification text, note text, answered_by uuid, answered_at timestamptz, evidence jsonb)
       ), ins AS (
         INSERT INTO answer (audit_id, organisation_id, question_id, value, status, justification, note, evidence, answered_by, answered_at)
         SELECT $1, $2, question_id, value, 'needs_review', justification, note, evidence, answered_by, answered_at FROM src
         RETURNING id, question_id, value, justification, note, evidence
       )
       INSERT INTO answer_history (answer_id, audit_id, question_id, version, value, status, justification, note, evidence, changed_by)
       SELECT ins.id, $1, ins.question_id, 1, ins.value, 'needs_review', ins.justification, ins.note, ins.evidence, $4
       FROM ins`,
      [auditId, organisationId, JSON.stringify(rows), userId],
    );
  }

  /** Saves answers with `aup_save_answers` in one round trip; returns the written rows in the items' order. */
  async save(call: SaveAnswersCall): Promise<AnswerRecord[]> {
    const [{ r }] = await runPrepared<{ r: { answers: AnswerRow[] } }>(this.db, SAVE_ANSWERS, [
      call.auditId,
      call.organisationId,
      call.userId,
      call.manager,
      call.contentHash,
      call.profileHash,
      JSON.stringify(call.items),
    ]);
    return r.answers.map(toAnswer);
  }

  /** What a save is checked against: the audit's pinned catalogue hash and the organisation's profile and its hash. */
  async saveContext<P>(
    organisationId: string,
    auditId: string,
  ): Promise<{ contentHash: string; profile: P | null; profileHash: string } | null> {
    const [row] = await runPrepared<{ content_hash: string; profile: P | null; profile_hash: string }>(
      this.db,
      SAVE_CONTEXT,
      [auditId, organisationId],
    );
    return row
      ? { contentHash: row.content_hash, profile: row.profile, profileHash: row.profile_hash }
      : null;
  }

  /**
   * Sends an answer back to its respondent (created empty if there was none), records the history entry
   * and raises the audit's answers revision; the caller holds the audit row locked for update.
   */
  async markNeedsChanges(a: {
    auditId: string;
    organisationId: string;
    questionId: string;
    changedBy: string;
  }): Promise<{ id: string; version: number; previousStatus: string | null }> {
    const [row]: { id: string; version: number; status: string | null }[] = await this.db.query(
      `INSERT INTO answer (audit_id, organisation_id, question_id, value, status)
       VALUES ($1, $2, $3, NULL, 'needs_changes')
       ON CONFLICT (audit_id, question_id) DO UPDATE SET status = 'needs_changes', version = answer.version + 1, updated_at = now()
       RETURNING id, version, (SELECT status FROM answer WHERE audit_id = $1 AND question_id = $3) AS status`,
      [a.auditId, a.organisationId, a.questionId],
    );
    await this.db.query(
      `WITH revision AS (UPDATE audit SET answers_revision = answers_revision + 1 WHERE id = $3)
       INSERT INTO answer_history (answer_id, audit_id, question_id, version, value, status, justification, note, evidence, changed_by, changed_at)
       SELECT a.id, a.audit_id, a.question_id, a.version, a.value, a.status, a.justification, a.note, a.evidence, $2, now()
         FROM answer a WHERE a.id = $1`,
      [row.id, a.changedBy, a.auditId],
    );
    return { id: row.id, version: row.version, previousStatus: row.status };
  }

  /**
   * Every write of one answer, oldest first. A save writes no history row: its trail event (`created` or
   * `updated`) holds the answer's full state after the write, its actor and time. Rows of `answer_history`
   * (saves before the trail held the history, answers sent back or copied into a new audit) come first
   * where both have the same version.
   */
  async history(auditId: string, questionId: string): Promise<AnswerHistoryRecord[]> {
    const rows: {
      version: number;
      value: unknown;
      status: AnswerStatus;
      justification: string | null;
      note: string | null;
      evidence: EvidenceRefData[];
      changed_by: string | null;
      changed_at: Date;
    }[] = await this.db.query(
      `SELECT DISTINCT ON (version) version, value, status, justification, note, evidence, changed_by, changed_at
         FROM (SELECT 0 AS source, version, value, status, justification, note, evidence, changed_by, changed_at
                 FROM answer_history WHERE audit_id = $1 AND question_id = $2
               UNION ALL
               SELECT 1, (e.after->>'version')::integer, e.after->'value', e.after->>'status', e.after->>'justification',
                      e.after->>'note', e.after->'evidence', e.actor_user_id, e.at
                 FROM answer a
                 JOIN audit_event e ON e.organisation_id = a.organisation_id AND e.entity = 'answer' AND e.entity_id = a.id::text
                WHERE a.audit_id = $1 AND a.question_id = $2 AND e.action IN ('created', 'updated')) h
        ORDER BY version ASC, source ASC`,
      [auditId, questionId],
    );
    return rows.map((h) => ({
      version: h.version,
      value: h.value,
      status: h.status,
      justification: h.justification,
      note: h.note,
      evidence: h.evidence,
      changedBy: h.changed_by,
      changedAt: new Date(h.changed_at),
    }));
  }

  /** Reviewer comments on one question, oldest first. */
  async comments(auditId: string, questionId: string): Promise<AnswerCommentRecord[]> {
    const rows: CommentRow[] = await this.db.query(
      `SELECT ${COMMENT_COLUMNS} FROM answer_comment WHERE audit_id = $1 AND question_id = $2 ORDER BY created_at ASC, id ASC`,
      [auditId, questionId],
    );
    return rows.map(toComment);
  }

  async addComment(c: {
    auditId: string;
    organisationId: string;
    questionId: string;
    authorUserId: string;
    body: string;
  }): Promise<AnswerCommentRecord> {
    const [row]: CommentRow[] = await this.db.query(
      `INSERT INTO answer_comment (audit_id, organisation_id, question_id, author_user_id, body)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COMMENT_COLUMNS}`,
      [c.auditId, c.organisationId, c.questionId, c.authorUserId, c.body],
    );
    return toComment(row);
  }

  /** How many comments each of these questions has (questions without any are absent). */
  async commentCounts(auditId: string, questionIds: readonly string[]): Promise<Map<string, number>> {
    if (!questionIds.length) return new Map();
    const rows: { question_id: string; n: number }[] = await this.db.query(
      `SELECT question_id, count(*)::int AS n FROM answer_comment WHERE audit_id = $1 AND question_id = ANY($2) GROUP BY question_id`,
      [auditId, questionIds],
    );
    return new Map(rows.map((r) => [r.question_id, r.n]));
  }
}

interface CommentRow {
  id: string;
  question_id: string;
  author_user_id: string | null;
  body: string;
  created_at: Date;
}

const COMMENT_COLUMNS = 'id, question_id, author_user_id, body, created_at';

const toComment = (r: CommentRow): AnswerCommentRecord => ({
  id: r.id,
  questionId: r.question_id,
  authorUserId: r.author_user_id,
  body: r.body,
  createdAt: new Date(r.created_at),
});
