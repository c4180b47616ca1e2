import { Column, Entity } from 'typeorm';
import { UserSecretEntity } from './user-secret.entity';

export type OneTimeTokenPurpose = 'password_reset' | 'mfa_challenge';

/** A single-use, expiring secret bound to a user: a password-reset link or the second step of an MFA login. */
@Entity({ name: 'one_time_token' })
export class OneTimeTokenEntity extends UserSecretEntity {
  @Column({ type: 'text' })
  purpose: OneTimeTokenPurpose;

  /** Wrong codes entered against this token (MFA challenges are dropped after a few). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
