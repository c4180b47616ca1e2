import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type {
  InvitationAccepted,
  InvitationCreated,
  InvitationPreview,
  InvitationStatus,
  InvitationView,
  Page,
  Role,
} from '@aup/contracts';
import { isUniqueViolation, transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { emailTaken } from '../auth/auth.service';
import { notFound } from '../auth/organisation.guard';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { PasswordService } from '../auth/password.service';
import type { Principal } from '../common/principal';
import { randomSecret, sha256 } from '../auth/secrets';
import { SessionService } from '../auth/session.service';
import { MailOutbox } from '../mail/mail-outbox.service';
import type { AcceptInvitationDto, CreateInvitationDto } from './dto/invitation.dto';
import { rowsOf } from '../auth/sql';

interface InvitationRow {
  id: string;
  organisation_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, organisation_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at';

function statusOf(r: InvitationRow): InvitationStatus {
  if (r.accepted_at) return 'accepted';
  if (r.revoked_at) return 'revoked';
  return new Date(r.expires_at).getTime() <= Date.now() ? 'expired' : 'pending';
}

const toView = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: statusOf(r),
  invitedBy: r.invited_by,
  createdAt: new Date(r.created_at).toISOString(),
  expiresAt: new Date(r.expires_at).toISOString(),
  acceptedAt: r.accepted_at ? new Date(r.accepted_at).toISOString() : null,
});

const alreadyMember = () =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'MEMBER.ALREADY_MEMBER',
    'Already a member',
    'This person already belongs to the organisation; change their role instead.',
  );

const emailMismatch = () =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'INVITATION.EMAIL_MISMATCH',
    'Invitation is for another account',
    'You are signed in as someone other than the invited e-mail address. Sign out, then open the invitation link again.',
  );

const signInRequired = () =>
  new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'INVITATION.SIGN_IN_REQUIRED',
    'Sign in to accept',
    'Sign in as the invited e-mail address, then open the invitation link again.',
  );

const invitationNotFound = () =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'INVITATION.NOT_FOUND',
    'No such invitation',
    'The link is not valid. Ask for a new invitation.',
  );

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailOutbox,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async list(orgId: string, limit: number, offset: number): Promise<Page<InvitationView>> {
    const rows: (InvitationRow & { total: string })[] = await this.ds.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM invitation WHERE organisation_id = $1
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.ds.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM invitation WHERE organisation_id = $1`,
              [orgId],
            )
          )[0].n,
        );
    return { items: rows.map(toView), total, limit, offset };
  }

  /**
   * A new invitation for the same e-mail replaces the pending one, so only the latest link works. Its
   * e-mail is queued in the same transaction as the invitation, so it is sent if and only if the
   * invitation exists.
   */
  async create(orgId: string, inviterId: string, dto: CreateInvitationDto): Promise<InvitationCreated> {
    const email = dto.email.toLowerCase();
    const token = randomSecret();
    const row = await transaction(this.ds, async (m) => {
      const member: unknown[] = await m.query(
        `SELECT 1 FROM membership mb JOIN "user" u ON u.id = mb.user_id WHERE mb.organisation_id = $1 AND u.email = $2`,
        [orgId, email],
      );
      if (member.length) throw alreadyMember();
      const replaced = await rowsOf<{ id: string }>(
        m,
        `UPDATE invitation SET revoked_at = now() WHERE organisation_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [orgId, email],
      );
      const [row]: InvitationRow[] = await m.query(
        `INSERT INTO invitation (organisation_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING ${COLUMNS}`,
        [orgId, email, dto.role, sha256(token), inviterId, this.config.INVITATION_TTL_HOURS],
      );
      await this.mail.queue(m, { template: 'invitation', invitationId: row.id, token });
      // The invitee's e-mail stays out of the trail: the invitation id leads to it while it is kept.
      await this.trail.append(m, {
        organisationId: orgId,
        actorUserId: inviterId,
        entity: 'invitation',
        entityId: row.id,
        action: 'created',
        after: {
          role: row.role,
          expiresAt: new Date(row.expires_at).toISOString(),
          replaces: replaced.map((r) => r.id),
        },
      });
      return row;
    });
    // The token goes to the invited mailbox only (or, without SMTP, to the server log): whoever invites
    // never holds it, so they cannot accept in the invitee's place or create the invitee's account.
    return { ...toView(row), emailed: this.mail.deliversByEmail };
  }

  async revoke(orgId: string, actorUserId: string, invitationId: string): Promise<void> {
    await transaction(this.ds, async (m) => {
      const rows: InvitationRow[] = await m.query(
        `SELECT ${COLUMNS} FROM invitation WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
        [invitationId, orgId],
      );
      if (!rows.length) throw notFound('The invitation');
      if (rows[0].accepted_at) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'INVITATION.ALREADY_ACCEPTED',
          'Invitation already accepted',
          'Remove the member instead.',
        );
      }
      if (rows[0].revoked_at) return;
      await m.query(`UPDATE invitation SET revoked_at = now() WHERE id = $1`, [invitationId]);
      await this.trail.append(m, {
        organisationId: orgId,
        actorUserId,
        entity: 'invitation',
        entityId: invitationId,
        action: 'revoked',
      });
    });
  }

  /** What the invitation page shows: who invited whom, to which organisation, in what role. Unknown tokens are a 404. */
  async preview(token: string): Promise<InvitationPreview> {
    const rows: {
      name: string;
      role: Role;
      email: string;
      inviter: string | null;
      expires_at: Date;
      accepted_at: Date | null;
      revoked_at: Date | null;
    }[] = await this.ds.query(
      `SELECT o.name, i.role, i.email, u.display_name AS inviter, i.expires_at, i.accepted_at, i.revoked_at
         FROM invitation i JOIN organisation o ON o.id = i.organisation_id LEFT JOIN "user" u ON u.id = i.invited_by
        WHERE i.token_hash = $1`,
      [sha256(token)],
    );
    const r = rows[0];
    if (!r) throw invitationNotFound();
    return {
      organisationName: r.name,
      role: r.role,
      email: r.email,
      invitedByName: r.inviter,
      status: statusOf(r as unknown as InvitationRow),
      expiresAt: new Date(r.expires_at).toISOString(),
    };
  }

  /**
   * Single use: the invitation is claimed with a conditional UPDATE inside the transaction that adds the
   * membership, so two concurrent accepts cannot both succeed.
   */
  async accept(
    token: string | undefined,
    dto: AcceptInvitationDto,
    principal: Principal | undefined,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<InvitationAccepted> {
    if (!token) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION.FAILED',
        'The request is not valid',
        'token: send the token from the invitation link',
        {
          errors: [{ pointer: '/token', message: 'send the token from the invitation link' }],
        },
      );
    }
    const address = this.throttle.addressKeyFor(req.ip);
    await this.throttle.assertNotLocked([address.key]);
    const rows: InvitationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM invitation WHERE token_hash = $1`,
      [sha256(token)],
    );
    const inv = rows[0];
    if (!inv) {
      await this.throttle.recordFailure([address]);
      throw invitationNotFound();
    }
    const state = statusOf(inv);
    if (state !== 'pending') {
      const code = {
        accepted: 'INVITATION.ALREADY_USED',
        revoked: 'INVITATION.REVOKED',
        expired: 'INVITATION.EXPIRED',
      }[state];
      throw new ProblemException(
        HttpStatus.GONE,
        code,
        'Invitation no longer valid',
        'This invitation was already used, withdrawn or has expired. Ask for a new one.',
      );
    }
    // An invitation is only as good as its sender: one from someone who is no longer an admin there is void.
    const inviterIsAdmin: unknown[] = await this.ds.query(
      `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2 AND role = 'admin'`,
      [inv.organisation_id, inv.invited_by],
    );
    if (!inviterIsAdmin.length) {
      throw new ProblemException(
        HttpStatus.GONE,
        'INVITATION.REVOKED',
        'Invitation no longer valid',
        'This invitation was already used, withdrawn or has expired. Ask for a new one.',
      );
    }

    const existing: { id: string }[] = await this.ds.query(
      `SELECT id FROM "user" WHERE email = $1 AND erased_at IS NULL`,
      [inv.email],
    );
    let userId: string;
    let newAccountHash: string | undefined;
    if (principal) {
      // Signed in: only as the invited account. One answer whether or not the address has an account.
      if (principal.userId !== existing[0]?.id) {
        await this.throttle.recordFailure([address]);
        throw emailMismatch();
      }
      userId = principal.userId;
    } else if (existing.length) {
      // Signed out and the address has an account: sign in first. A password sent here is never checked,
      // so accepting cannot be used to guess one, and every such attempt counts like a failed sign-in.
      await this.throttle.recordFailure([address]);
      throw signInRequired();
    } else {
      if (!dto.password) {
        throw new ProblemException(
          HttpStatus.BAD_REQUEST,
          'VALIDATION.FAILED',
          'The request is not valid',
          'password: choose a password for the new account',
          {
            errors: [{ pointer: '/password', message: 'choose a password for the new account' }],
          },
        );
      }
      this.passwords.assertAcceptable(dto.password, [inv.email, dto.displayName]);
      newAccountHash = await this.passwords.hash(dto.password);
      userId = '';
    }

    try {
      return await transaction(this.ds, async (m) => {
        const claimed = await rowsOf(
          m,
          `UPDATE invitation SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
          [inv.id],
        );
        if (!claimed.length)
          throw new ProblemException(
            HttpStatus.GONE,
            'INVITATION.ALREADY_USED',
            'Invitation no longer valid',
          );
        if (newAccountHash) {
          const [created]: { id: string }[] = await m.query(
            `INSERT INTO "user" (email, display_name, password_hash, password_changed_at) VALUES ($1, $2, $3, now()) RETURNING id`,
            [inv.email, dto.displayName ?? null, newAccountHash],
          );
          userId = created.id;
        }
        const member: unknown[] = await m.query(
          `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2`,
          [inv.organisation_id, userId],
        );
        if (member.length) throw alreadyMember();
        await m.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [
          userId,
          inv.organisation_id,
          inv.role,
        ]);
        await m.query(`UPDATE invitation SET accepted_by = $2 WHERE id = $1`, [inv.id, userId]);
        const session = newAccountHash ? await this.sessions.start(userId, req, reply, m) : undefined;
        await this.trail.append(m, {
          organisationId: inv.organisation_id,
          actorUserId: userId,
          entity: 'invitation',
          entityId: inv.id,
          action: 'accepted',
          after: { userId, role: inv.role, accountCreated: Boolean(newAccountHash) },
        });
        return {
          organisationId: inv.organisation_id,
          role: inv.role,
          userId,
          accountCreated: Boolean(newAccountHash),
          ...(session ? { csrfToken: session.csrfToken } : {}),
        };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_user_email')) throw emailTaken();
      if (isUniqueViolation(err, 'uq_membership_user_org')) throw alreadyMember();
      throw err;
    }
  }
}
