import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';

/**
 * Who a queued e-mail still goes to. A mail job carries the record's id and token, never the address:
 * an invitation withdrawn, a reset link used, or an account erased before sending sends nothing.
 */
@Injectable()
export class MailRecipientRepository extends TxRepository {
  /** The invitee's address, role and organisation name while the invitation is pending and unexpired. */
  async invitation(
    invitationId: string,
    tokenHash: string,
  ): Promise<{ email: string; role: string; organisationName: string } | null> {
    const rows: { email: string; role: string; name: string }[] = await this.db.query(
      `SELECT i.email, i.role, o.name FROM invitation i JOIN organisation o ON o.id = i.organisation_id
        WHERE i.id = $1 AND i.token_hash = $2 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [invitationId, tokenHash],
    );
    return rows.length ? { email: rows[0].email, role: rows[0].role, organisationName: rows[0].name } : null;
  }

  /** The account's address while the reset link is unused and unexpired and the account not erased. */
  async passwordReset(resetId: string, tokenHash: string): Promise<string | null> {
    const rows: { email: string }[] = await this.db.query(
      `SELECT u.email FROM one_time_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.id = $1 AND t.token_hash = $2 AND t.purpose = 'password_reset' AND t.used_at IS NULL AND t.expires_at > now()
          AND u.erased_at IS NULL AND u.email IS NOT NULL`,
      [resetId, tokenHash],
    );
    return rows[0]?.email ?? null;
  }
}
