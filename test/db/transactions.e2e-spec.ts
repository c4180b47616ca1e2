import type { DataSource } from 'typeorm';
import {
  isUniqueViolation,
  MembershipRepository,
  MembersRepository,
  OrganisationRepository,
  UserRepository,
} from '@aup/db';
import { openTestDatabase, repositoryOn, transaction, truncateAll } from '../support/database';

describe('database: transactions and repositories', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openTestDatabase();
    await ds.query(
      `CREATE TABLE IF NOT EXISTS test_account (id int PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0))`,
    );
  });
  afterAll(async () => {
    await ds.query(`DROP TABLE IF EXISTS test_account`);
    await ds.destroy();
  });
  beforeEach(() => truncateAll(ds));

  it('keeps the total intact under 100 concurrent transfers', async () => {
    const accounts = 10;
    await ds.query(`INSERT INTO test_account SELECT g, 1000 FROM generate_series(1, ${accounts}) g`);
    const transfers = Array.from({ length: 100 }, (_, i) => ({
      from: (i % accounts) + 1,
      to: ((i * 7 + 3) % accounts) + 1,
      amount: (i % 13) + 1,
    }));
    await Promise.all(
      transfers.map((t) =>
        transaction(ds, async (m) => {
          // Lock both rows in id order so concurrent transfers never deadlock.
          await m.query(`SELECT id FROM test_account WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [
            [t.from, t.to],
          ]);
          await m.query(`UPDATE test_account SET balance = balance - $2 WHERE id = $1`, [t.from, t.amount]);
          await m.query(`UPDATE test_account SET balance = balance + $2 WHERE id = $1`, [t.to, t.amount]);
        }),
      ),
    );
    const [{ total }] = await ds.query(`SELECT sum(balance)::int AS total FROM test_account`);
    expect(total).toBe(accounts * 1000);
  });

  it('leaves no trace of a rolled-back write', async () => {
    await ds.query(`INSERT INTO test_account VALUES (1, 100)`);
    await expect(
      transaction(ds, async (m) => {
        await m.query(`UPDATE test_account SET balance = 0 WHERE id = 1`);
        await m.query(`INSERT INTO test_account VALUES (2, 5)`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ds.query(`SELECT id, balance FROM test_account ORDER BY id`)).toEqual([
      { id: 1, balance: 100 },
    ]);
  });

  it('rolls back when a statement fails and maps the error by SQLSTATE', async () => {
    const users = repositoryOn(ds, UserRepository);
    const admin = await users.insert('admin@example.org', null, 'hash');
    const org = await transaction(ds, () =>
      repositoryOn(ds, OrganisationRepository).create('Acme', {}, admin.id),
    );
    const members = repositoryOn(ds, MembersRepository);
    const err = await transaction(ds, async () => {
      const user = await users.insert('a@example.org', 'A', 'hash');
      await members.add(org.id, user.id, 'admin');
      await members.add(org.id, user.id, 'auditor');
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(err, 'uq_membership_user_org')).toBe(true);
    expect(await users.idByEmail('a@example.org')).toBeNull();
  });

  it('stores organisations, users and memberships through their repositories', async () => {
    const users = repositoryOn(ds, UserRepository);
    const organisations = repositoryOn(ds, OrganisationRepository);
    const user = await users.insert('b@example.org', 'B', 'hash');
    const org = await transaction(ds, () =>
      organisations.create('Acme', { headcount: 120, countries: ['GB'] }, user.id),
    );
    expect((await organisations.find(org.id))?.profile).toEqual({ headcount: 120, countries: ['GB'] });
    await repositoryOn(ds, MembersRepository).setRole(org.id, user.id, 'compliance_officer');
    expect(await repositoryOn(ds, MembershipRepository).findOne(user.id, org.id)).toMatchObject({
      role: 'compliance_officer',
    });
    await expect(users.insert('B@example.org', null, 'hash')).rejects.toMatchObject({
      driverError: { code: '23514' },
    });
  });
});
