import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import type { Role } from '../types';

export interface MembershipRecord {
  id: string;
  role: Role;
}

/** The read of `membership` for access checks (the writes are `MembersRepository`'s). */
@Injectable()
export class MembershipRepository extends TxRepository {
  /** A person's membership of one organisation, or null when they are not a member (or it does not exist). */
  async findOne(userId: string, organisationId: string): Promise<MembershipRecord | null> {
    const rows: MembershipRecord[] = await this.db.query(
      `SELECT id, role FROM membership WHERE user_id = $1 AND organisation_id = $2`,
      [userId, organisationId],
    );
    return rows[0] ?? null;
  }
}
