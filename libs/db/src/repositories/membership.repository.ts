import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../types';

export interface MembershipRecord {
  id: string;
  role: Role;
}

/** Reads of `membership` for access checks (writes stay with the organisations module's service). */
@Injectable()
export class MembershipRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** A person's membership of one organisation, or null when they are not a member (or it does not exist). */
  async findOne(userId: string, organisationId: string): Promise<MembershipRecord | null> {
    const rows: MembershipRecord[] = await this.ds.query(
      `SELECT id, role FROM membership WHERE user_id = $1 AND organisation_id = $2`,
      [userId, organisationId],
    );
    return rows[0] ?? null;
  }
}
