import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { ApiTokenCreated, ApiTokenView, Page } from '@aup/contracts';
import { ApiTokenRepository, Transactions, type ApiTokenRecord } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { notFound, ProblemException } from '../common/problem';
import type { Principal } from '../common/principal';
import { API_TOKEN_PREFIX, randomSecret, sha256 } from './secrets';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toView = (t: ApiTokenRecord): ApiTokenView => ({
  id: t.id,
  name: t.name,
  createdAt: new Date(t.createdAt).toISOString(),
  expiresAt: new Date(t.expiresAt).toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

/**
 * Personal API tokens: named, expiring, revocable; the secret is returned once and stored as SHA-256.
 * Creating and revoking one is recorded in the account trail (organisation-less chain): a token belongs
 * to a person, not to one of their organisations.
 */
@Injectable()
export class ApiTokenService {
  constructor(
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly trail: AuditTrailService,
    private readonly repo: ApiTokenRepository,
  ) {}

  /**
   * Only a signed-in person (a session) mints tokens: a token cannot mint another, so a leaked token cannot
   * outlive its own expiry or revocation. The lifetime is capped by API_TOKEN_MAX_DAYS and by the
   * `apiTokenMaxDays` setting of every organisation the person belongs to (the smallest wins).
   */
  async create(principal: Principal, name: string, requestedDays?: number | null): Promise<ApiTokenCreated> {
    if (principal.method !== 'session') {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUTH.SESSION_REQUIRED',
        'Sign in to create tokens',
        'API tokens cannot create API tokens; sign in with your password to create one.',
      );
    }
    const userId = principal.userId;
    const maxDays = await this.maxDaysFor(userId);
    const expiresInDays = requestedDays ?? Math.min(90, maxDays);
    if (expiresInDays > maxDays) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION.FAILED',
        'The request is not valid',
        `expiresInDays must be at most ${maxDays}.`,
        {
          errors: [
            {
              pointer: '/expiresInDays',
              message: `must not be greater than ${maxDays} (the limit of this server and of your organisations)`,
            },
          ],
        },
      );
    }
    const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
    return this.transactions.run(async () => {
      const view = toView(await this.repo.insert(userId, name, sha256(token), expiresInDays));
      // The token's name is free text typed by its owner: the event keeps the id and the expiry only.
      await this.trail.append({
        organisationId: null,
        actorUserId: userId,
        entity: 'api_token',
        entityId: view.id,
        action: 'created',
        after: { expiresAt: view.expiresAt },
      });
      return { ...view, token };
    });
  }

  async list(userId: string, limit: number, offset: number): Promise<Page<ApiTokenView>> {
    const { items, total } = await this.repo.page(userId, limit, offset);
    return { items: items.map(toView), total, limit, offset };
  }

  /** Revoking is idempotent (a second revocation records nothing); another user's token id is a 404. */
  async revoke(userId: string, tokenId: string): Promise<void> {
    await this.transactions.run(async () => {
      const token = await this.repo.lockOwned(tokenId, userId);
      if (!token) throw notFound('The API token');
      if (token.revokedAt) return;
      await this.repo.markRevoked(tokenId);
      await this.trail.append({
        organisationId: null,
        actorUserId: userId,
        entity: 'api_token',
        entityId: tokenId,
        action: 'revoked',
      });
    });
  }

  /** Revokes every live token of the person (password reset or change); returns how many. */
  revokeAllOf(userId: string): Promise<number> {
    return this.repo.revokeAllOf(userId);
  }

  private async maxDaysFor(userId: string): Promise<number> {
    const setting = await this.repo.maxDaysSetting(userId);
    return Math.min(this.config.API_TOKEN_MAX_DAYS, setting ?? Number.MAX_SAFE_INTEGER);
  }
}
