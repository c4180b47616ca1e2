import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { RemediationStatus, ReminderThreshold } from '@aup/domain';

/** An item the reminder scan looks at. */
export interface ReminderCandidate {
  id: string;
  title: string;
  status: RemediationStatus;
  dueDate: string;
  blockedOn: string | null;
  acceptanceExpiresOn: string | null;
  /** Owner and deputy, or the organisation's compliance officers when the item has neither. */
  recipientIds: string[];
}

export interface NotificationRecord {
  id: string;
  itemId: string;
  threshold: ReminderThreshold;
  subjectDate: string;
  text: string;
  createdAt: Date;
  read: boolean;
}

export interface WebhookSetting {
  url: string;
  secret: string;
  enabled: boolean;
  version: number;
}

export interface WebhookDeliveryRecord {
  id: string;
  event: string;
  notificationId: string | null;
  attempt: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** The only code that names the notification, digest, webhook and dead-letter tables. */
@Injectable()
export class NotificationRepository extends TxRepository {
  /** Organisations with an item that may need a reminder. */
  async organisationsToScan(): Promise<string[]> {
    const rows: { organisation_id: string }[] = await this.db.query(
      `SELECT DISTINCT organisation_id FROM remediation_item WHERE status IN ('open', 'in_progress', 'blocked', 'risk_accepted') ORDER BY organisation_id`,
    );
    return rows.map((r) => r.organisation_id);
  }

  async candidates(organisationId: string): Promise<ReminderCandidate[]> {
    const rows: {
      id: string;
      title: string;
      status: RemediationStatus;
      due_date: string;
      blocked_on: string | null;
      acceptance_expires_on: string | null;
      recipient_ids: string[];
    }[] = await this.db.query(
      `SELECT i.id, i.title, i.status, i.due_date::text AS due_date, i.blocked_on::text AS blocked_on, i.acceptance_expires_on::text AS acceptance_expires_on,
              CASE WHEN i.owner_user_id IS NULL AND i.deputy_user_id IS NULL
                   THEN COALESCE((SELECT array_agg(user_id ORDER BY user_id) FROM membership WHERE organisation_id = i.organisation_id AND role = 'compliance_officer'), '{}')
                   ELSE array_remove(ARRAY[i.owner_user_id, i.deputy_user_id], NULL) END AS recipient_ids
         FROM remediation_item i
        WHERE i.organisation_id = $1 AND i.status IN ('open', 'in_progress', 'blocked', 'risk_accepted')
        ORDER BY i.id FOR UPDATE OF i`,
      [organisationId],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      dueDate: r.due_date,
      blockedOn: r.blocked_on,
      acceptanceExpiresOn: r.acceptance_expires_on,
      recipientIds: [...new Set(r.recipient_ids)],
    }));
  }

  /** An expired risk acceptance reopens the item; the change is chained into the audit trail (actor: the system). */
  async reopenExpiredAcceptance(organisationId: string, itemId: string, expiredOn: string): Promise<void> {
    await this.db.query(
      `UPDATE remediation_item SET status = 'open', acceptance_expires_on = NULL, status_changed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [itemId],
    );
    await this.db.query(`SELECT 1 FROM aup_append_events($1::uuid, $2::jsonb)`, [
      organisationId,
      JSON.stringify([
        {
          organisationId,
          actorUserId: null,
          entity: 'remediation_item',
          entityId: itemId,
          action: 'acceptance_expired',
          before: { status: 'risk_accepted' },
          after: { status: 'open', expiredOn },
        },
      ]),
    ]);
  }

  /** Creates the reminder unless it exists (unique per item, threshold and date); returns its id when new. */
  async create(n: {
    organisationId: string;
    itemId: string;
    threshold: ReminderThreshold;
    subjectDate: string;
    scanDate: string;
    text: string;
    recipientIds: string[];
  }): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO notification (organisation_id, item_id, threshold, subject_date, scan_date, text, recipient_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[]) ON CONFLICT ON CONSTRAINT uq_notification_item_threshold DO NOTHING RETURNING id`,
      [n.organisationId, n.itemId, n.threshold, n.subjectDate, n.scanDate, n.text, n.recipientIds],
    );
    return rows[0]?.id;
  }

  /** Claims the one digest of a person's day; true when this call claimed it (then queue the mail). */
  async claimDigest(userId: string, day: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO notification_digest (user_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id`,
      [userId, day],
    );
    return rows.length > 0;
  }

  /** What a digest mail says: the person's address (none once erased) and the reminders of that day. */
  async digest(
    userId: string,
    day: string,
  ): Promise<{ email: string | null; texts: { organisation: string; text: string }[] }> {
    const [user]: { email: string | null }[] = await this.db.query(
      `SELECT email FROM "user" WHERE id = $1 AND erased_at IS NULL`,
      [userId],
    );
    const rows: { organisation: string; text: string }[] = await this.db.query(
      `SELECT o.name AS organisation, n.text FROM notification n JOIN organisation o ON o.id = n.organisation_id
        WHERE $1::uuid = ANY(n.recipient_ids) AND n.scan_date = $2::date
          AND EXISTS (SELECT 1 FROM membership mb WHERE mb.user_id = $1 AND mb.organisation_id = n.organisation_id)
        ORDER BY o.name, n.created_at, n.id`,
      [userId, day],
    );
    return { email: user?.email ?? null, texts: rows };
  }

  async markDigestSent(userId: string, day: string, jobId: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_digest SET sent_at = now(), job_id = CASE WHEN $3 ~ '^[0-9a-f-]{36}$' THEN $3::uuid END WHERE user_id = $1 AND day = $2`,
      [userId, day, jobId],
    );
  }

  async list(
    organisationId: string,
    userId: string,
    limit: number,
    offset: number,
    unreadOnly: boolean,
  ): Promise<{ items: NotificationRecord[]; total: number; unread: number }> {
    const base = `FROM notification n LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = $2
                  WHERE n.organisation_id = $1 AND $2::uuid = ANY(n.recipient_ids)`;
    const [{ total, unread }]: { total: number; unread: number }[] = await this.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE r.user_id IS NULL)::int AS unread ${base}`,
      [organisationId, userId],
    );
    const rows: {
      id: string;
      item_id: string;
      threshold: ReminderThreshold;
      subject_date: string;
      text: string;
      created_at: Date;
      read: boolean;
    }[] = await this.db.query(
      `SELECT n.id, n.item_id, n.threshold, n.subject_date::text AS subject_date, n.text, n.created_at, r.user_id IS NOT NULL AS read
         ${base}${unreadOnly ? ' AND r.user_id IS NULL' : ''} ORDER BY n.created_at DESC, n.id LIMIT $3 OFFSET $4`,
      [organisationId, userId, limit, offset],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        threshold: r.threshold,
        subjectDate: r.subject_date,
        text: r.text,
        createdAt: r.created_at,
        read: r.read,
      })),
      total: unreadOnly ? unread : total,
      unread,
    };
  }

  async unreadCount(organisationId: string, userId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM notification n WHERE n.organisation_id = $1 AND $2::uuid = ANY(n.recipient_ids)
          AND NOT EXISTS (SELECT 1 FROM notification_read r WHERE r.notification_id = n.id AND r.user_id = $2)`,
      [organisationId, userId],
    );
    return n;
  }

  /** Marks one (or, without an id, every) reminder of the person read; returns how many were found. */
  async markRead(organisationId: string, userId: string, notificationId?: string): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `WITH mine AS (SELECT id FROM notification WHERE organisation_id = $1 AND $2::uuid = ANY(recipient_ids) AND ($3::uuid IS NULL OR id = $3::uuid))
       , ins AS (INSERT INTO notification_read (notification_id, user_id) SELECT id, $2 FROM mine ON CONFLICT DO NOTHING)
       SELECT id FROM mine`,
      [organisationId, userId, notificationId ?? null],
    );
    return rows.length;
  }

  async notificationPayload(notificationId: string): Promise<
    | {
        organisationId: string;
        itemId: string;
        title: string;
        threshold: string;
        subjectDate: string;
        text: string;
        dueDate: string;
      }
    | undefined
  > {
    const rows: {
      organisation_id: string;
      item_id: string;
      title: string;
      threshold: string;
      subject_date: string;
      text: string;
      due_date: string;
    }[] = await this.db.query(
      `SELECT n.organisation_id, n.item_id, i.title, n.threshold, n.subject_date::text AS subject_date, n.text, i.due_date::text AS due_date
         FROM notification n JOIN remediation_item i ON i.id = n.item_id WHERE n.id = $1`,
      [notificationId],
    );
    const r = rows[0];
    return (
      r && {
        organisationId: r.organisation_id,
        itemId: r.item_id,
        title: r.title,
        threshold: r.threshold,
        subjectDate: r.subject_date,
        text: r.text,
        dueDate: r.due_date,
      }
    );
  }

  async webhook(organisationId: string): Promise<WebhookSetting | undefined> {
    const rows: WebhookSetting[] = await this.db.query(
      `SELECT url, secret, enabled, version FROM webhook_setting WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows[0];
  }

  async saveWebhook(
    organisationId: string,
    setting: { url: string; secret?: string; enabled: boolean },
    userId: string,
  ): Promise<WebhookSetting> {
    const [row]: WebhookSetting[] = await this.db.query(
      `INSERT INTO webhook_setting (organisation_id, url, secret, enabled, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id) DO UPDATE SET url = EXCLUDED.url, secret = COALESCE($6, webhook_setting.secret), enabled = EXCLUDED.enabled,
         updated_by = EXCLUDED.updated_by, updated_at = now(), version = webhook_setting.version + 1
       RETURNING url, secret, enabled, version`,
      [organisationId, setting.url, setting.secret ?? '', setting.enabled, userId, setting.secret ?? null],
    );
    return row;
  }

  async logDelivery(d: {
    organisationId: string;
    notificationId: string | null;
    jobId: string;
    event: string;
    attempt: number;
    statusCode: number | null;
    ok: boolean;
    error: string | null;
    durationMs: number;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_delivery (organisation_id, notification_id, job_id, event, attempt, status_code, ok, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        d.organisationId,
        d.notificationId,
        d.jobId,
        d.event,
        d.attempt,
        d.statusCode,
        d.ok,
        d.error,
        d.durationMs,
      ],
    );
  }

  async deliveries(organisationId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    const rows: {
      id: string;
      event: string;
      notification_id: string | null;
      attempt: number;
      status_code: number | null;
      ok: boolean;
      error: string | null;
      duration_ms: number;
      at: Date;
    }[] = await this.db.query(
      `SELECT * FROM webhook_delivery WHERE organisation_id = $1 ORDER BY at DESC, id LIMIT $2`,
      [organisationId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      event: r.event,
      notificationId: r.notification_id,
      attempt: r.attempt,
      statusCode: r.status_code,
      ok: r.ok,
      error: r.error,
      durationMs: r.duration_ms,
      at: r.at,
    }));
  }
}
