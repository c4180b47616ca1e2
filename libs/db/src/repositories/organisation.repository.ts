import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** `organisation` rows as sign-up creates them (the organisations module reads and changes them). */
@Injectable()
export class OrganisationRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** A new organisation with an empty profile and default settings. */
  async insert(name: string, m: EntityManager = this.ds.manager): Promise<{ id: string; name: string }> {
    const [row]: { id: string; name: string }[] = await m.query(
      `INSERT INTO organisation (name) VALUES ($1) RETURNING id, name`,
      [name],
    );
    return row;
  }
}
