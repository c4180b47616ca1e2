import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type {
  InvitationAccepted,
  InvitationCreated,
  InvitationPreview,
  InvitationStatus,
  InvitationView,
  Page,
} from '@aup/contracts';
import {
  InvitationRepository,
  isUniqueViolation,
  MembersRepository,
  Transactions,
  UserRepository,
  type InvitationRecord,
} from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { notFound, ProblemException } from '../common/problem';
import { emailTaken } from '../auth/auth.service';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { PasswordService } from '../auth/password.service';
import type { Principal } from '../common/principal';
import { randomSecret, sha256 } from '../auth/secrets';
import { SessionService } from '../auth/session.service';
import { MailOutbox } from '../mail/mail-outbox.service';
import type { AcceptInvitationDto, CreateInvitationDto } from './dto/invitation.dto';

function statusOf(r: Pick<InvitationRecord, 'acceptedAt' | 'revokedAt' | 'expiresAt'>): InvitationStatus {
  if (r.acceptedAt) return 'accepted';
  if (r.revokedAt) return 'revoked';
  return r.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';
}

const toView = (r: InvitationRecord): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: statusOf(r),
  invitedBy: r.invitedBy,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  acceptedAt: r.acceptedAt ? r.acceptedAt.toISOString() : null,
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
    private readonly transactions: Transactions,
    private readonly repo: InvitationRepository,
    private readonly members: MembersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailOutbox,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly users: UserRepository,
  ) {}

  async list(orgId: string, limit: number, offset: number): Promise<Page<InvitationView>> {
    const { items, total } = await this.repo.list(orgId, limit, offset);
    return { items: items.map(toView), total, limit, offset };
  }

  /**
   * A new invitation for the same e-mail replaces the pending one, so only the latest link works. Its
   * e-mail is queued in the same transaction as the invitation, so it is sent if and only if the
   * invitation exists.
   */
  async create(orgId: string, inviterId: string, dto: CreateInvitationDto): Promise<InvitationCreated> {
    const email = dto.email.toLowerCase();
    const token = randomSecret();
    const row = await this.transactions.run(async () => {
      if (await this.members.hasMemberWithEmail(orgId, email)) throw alreadyMember();
      const replaced = await this.repo.revokePendingTo(orgId, email);
      const row = await this.repo.create({
        orgId,
        email,
        role: dto.role,
        tokenHash: sha256(token),
        invitedBy: inviterId,
        ttlHours: this.config.INVITATION_TTL_HOURS,
      });
      await this.mail.queue({ template: 'invitation', invitationId: row.id, token });
      // The invitee's e-mail stays out of the trail: the invitation id leads to it while it is kept.
      await this.trail.append({
        organisationId: orgId,
        actorUserId: inviterId,
        entity: 'invitation',
        entityId: row.id,
        action: 'created',
        after: {
          role: row.role,
          expiresAt: row.expiresAt.toISOString(),
          replaces: replaced,
        },
      });
      return row;
    });
    // The token goes to the invited mailbox only (or, without SMTP, to the server log): whoever invites
    // never holds it, so they cannot accept in the invitee's place or create the invitee's account.
    return { ...toView(row), emailed: this.mail.deliversByEmail };
  }

  async revoke(orgId: string, actorUserId: string, invitationId: string): Promise<void> {
    await this.transactions.run(async () => {
      const invitation = await this.repo.findForUpdate(orgId, invitationId);
      if (!invitation) throw notFound('The invitation');
      if (invitation.acceptedAt) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'INVITATION.ALREADY_ACCEPTED',
          'Invitation already accepted',
          'Remove the member instead.',
        );
      }
      if (invitation.revokedAt) return;
      await this.repo.revoke(invitationId);
      await this.trail.append({
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
    const r = await this.repo.previewByTokenHash(sha256(token));
    if (!r) throw invitationNotFound();
    return {
      organisationName: r.organisationName,
      role: r.role,
      email: r.email,
      invitedByName: r.inviterName,
      status: statusOf(r),
      expiresAt: r.expiresAt.toISOString(),
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
    const inv = await this.repo.findByTokenHash(sha256(token));
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
    if (!(await this.members.isAdmin(inv.organisationId, inv.invitedBy))) {
      throw new ProblemException(
        HttpStatus.GONE,
        'INVITATION.REVOKED',
        'Invitation no longer valid',
        'This invitation was already used, withdrawn or has expired. Ask for a new one.',
      );
    }

    const existingId = await this.users.idByEmail(inv.email);
    let userId: string;
    let newAccountHash: string | undefined;
    if (principal) {
      // Signed in: only as the invited account. One answer whether or not the address has an account.
      if (principal.userId !== existingId) {
        await this.throttle.recordFailure([address]);
        throw emailMismatch();
      }
      userId = principal.userId;
    } else if (existingId !== null) {
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
      return await this.transactions.run(async () => {
        if (!(await this.repo.claim(inv.id)))
          throw new ProblemException(
            HttpStatus.GONE,
            'INVITATION.ALREADY_USED',
            'Invitation no longer valid',
          );
        if (newAccountHash) {
          userId = (await this.users.insert(inv.email, dto.displayName ?? null, newAccountHash)).id;
        }
        if (await this.members.isMember(inv.organisationId, userId)) throw alreadyMember();
        await this.members.add(inv.organisationId, userId, inv.role);
        await this.repo.setAcceptedBy(inv.id, userId);
        const session = newAccountHash ? await this.sessions.start(userId, req, reply) : undefined;
        await this.trail.append({
          organisationId: inv.organisationId,
          actorUserId: userId,
          entity: 'invitation',
          entityId: inv.id,
          action: 'accepted',
          after: { userId, role: inv.role, accountCreated: Boolean(newAccountHash) },
        });
        return {
          organisationId: inv.organisationId,
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
