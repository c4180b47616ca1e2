import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counters per account (`acct:<email>`) and per client address (`ip:<address>`). Kept in
 * PostgreSQL so every api replica, and the embedded single process, sees the same back-off.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
