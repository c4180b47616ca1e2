import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MeResponse, Role } from '@aup/contracts';
import { ProblemException } from '../common/problem';
import { ErasureService } from './erasure.service';
import { PasswordService } from './password.service';
import type { Principal } from './principal';
import { toUserView, USER_COLUMNS, type UserRow } from './user-view';

@Injectable()
export class MeService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly passwords: PasswordService,
    private readonly erasure: ErasureService,
  ) {}

  async me(principal: Principal): Promise<MeResponse> {
    const [user]: UserRow[] = await this.ds.query(`SELECT ${USER_COLUMNS} FROM "user" u WHERE u.id = $1`, [principal.userId]);
    const memberships: { organisation_id: string; name: string; role: Role }[] = await this.ds.query(
      `SELECT m.organisation_id, o.name, m.role FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [principal.userId],
    );
    return {
      user: toUserView(user),
      memberships: memberships.map((m) => ({ organisationId: m.organisation_id, organisationName: m.name, role: m.role })),
      authenticatedBy: principal.method,
    };
  }

  /** Self-erasure needs the current password, so a borrowed session or token cannot wipe an account. */
  async eraseSelf(principal: Principal, password: string): Promise<void> {
    const [row]: { password_hash: string | null }[] = await this.ds.query(`SELECT password_hash FROM "user" WHERE id = $1`, [principal.userId]);
    if (!(await this.passwords.verify(row?.password_hash, password))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'AUTH.PASSWORD_MISMATCH', 'Wrong password', 'Enter your current password to erase your account.');
    }
    await this.erasure.erase(principal.userId);
  }
}
