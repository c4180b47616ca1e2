import { Column, Entity } from 'typeorm';
import { UserSecretEntity } from './user-secret.entity';

/** A personal API token (`Authorization: Bearer aup_...`). The secret is shown once; only its SHA-256 is kept. */
@Entity({ name: 'api_token' })
export class ApiTokenEntity extends UserSecretEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
