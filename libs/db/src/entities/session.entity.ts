import { Column, Entity } from 'typeorm';
import { UserSecretEntity } from './user-secret.entity';

/** A browser session. Only the SHA-256 of the cookie value is stored, so a database leak yields no usable session. */
@Entity({ name: 'session' })
export class SessionEntity extends UserSecretEntity {
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
