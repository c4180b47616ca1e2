import { HttpStatus, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { ProblemException } from '../common/problem';
import { checkPassword, normalizePassword } from './password-policy';

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes): strong and fast enough for a login path. */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  /** Throws 422 AUTH.WEAK_PASSWORD with the reason when the password breaks the policy. */
  assertAcceptable(password: string, context: readonly (string | null | undefined)[]): void {
    const verdict = checkPassword(password, context);
    if (!verdict.ok) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'AUTH.WEAK_PASSWORD',
        'Password not accepted',
        verdict.message,
        {
          reason: verdict.reason,
        },
      );
    }
  }

  hash(password: string): Promise<string> {
    return argon2.hash(normalizePassword(password), ARGON2);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      // Spend the same time when there is no account, so response times do not reveal which e-mails exist.
      this.dummyHash ??= argon2.hash('no account has this password', ARGON2);
      await argon2.verify(await this.dummyHash, normalizePassword(password)).catch(() => false);
      return false;
    }
    return argon2.verify(hash, normalizePassword(password)).catch(() => false);
  }
}
