import { MembersRepository } from '@aup/db';
import { UpdateOrganisationDto } from '../../apps/api/src/organisations/dto/organisation.dto';
import { MembersService } from '../../apps/api/src/organisations/members.service';
import { OrganisationsModule } from '../../apps/api/src/organisations/organisations.module';
import { OrganisationsService } from '../../apps/api/src/organisations/organisations.service';
import { MULTINATIONAL } from './support/audit-steps';
import {
  addMember,
  newOrganisation,
  refusal,
  startServices,
  type Caller,
  type ServiceHarness,
} from './support/service-harness';

describe('OrganisationsService and MembersService on a real database', () => {
  let h: ServiceHarness;
  let organisations: OrganisationsService;
  let admin: Caller;
  let co: Caller;

  const update = (caller: Caller, version: number, body: object) =>
    organisations.update(caller, version, UpdateOrganisationDto.create(body));
  const current = () => organisations.get(admin.organisationId);

  beforeAll(async () => {
    h = await startServices([OrganisationsModule]);
    organisations = h.get(OrganisationsService);
    admin = await newOrganisation(h, MULTINATIONAL);
    co = await addMember(h, admin, 'compliance_officer');
  });
  afterAll(() => h.close());

  describe('profile checks: a refused update changes nothing', () => {
    const cases = [
      {
        name: 'a sector the framework does not know',
        patch: { sector: 'astrology' },
        status: 422,
        code: 'PROFILE.UNKNOWN_OPTION',
        pointer: '/profile/sector',
      },
      {
        name: 'a region outside the countries sent',
        patch: { countries: ['GB'], regions: ['US-CA'] },
        status: 400,
        code: 'VALIDATION.FAILED',
        pointer: '/profile/regions',
      },
      {
        name: 'the countries cleared while stored regions lie in them',
        patch: { countries: null },
        status: 400,
        code: 'VALIDATION.FAILED',
        pointer: '/profile/regions',
      },
    ];
    it.each(cases)('$name: $status $code', async ({ patch, status, code, pointer }) => {
      const before = await current();
      const e = await refusal(update(co, before.version, { profile: patch }), status, code);
      expect(e.extensions.errors).toEqual([expect.objectContaining({ pointer })]);
      expect(await current()).toEqual(before);
    });
  });

  it('merges a profile patch: sent fields change, null clears, the rest stays', async () => {
    const before = await current();
    const after = await update(co, before.version, { profile: { headcount: 12_500, guest_wifi: null } });
    expect(after.version).toBe(before.version + 1);
    const { guest_wifi: _cleared, ...kept } = before.profile;
    expect(after.profile).toEqual({ ...kept, headcount: 12_500 });
  });

  it('refuses a stale version with the current one', async () => {
    const { version } = await current();
    const e = await refusal(
      update(co, version - 1, { name: 'Renamed Ltd' }),
      409,
      'ORGANISATION.VERSION_CONFLICT',
    );
    expect(e.extensions.currentVersion).toBe(version);
    expect((await current()).name).toBe('Example Ltd');
  });

  it('lets only admins change settings; null puts a setting back to its default', async () => {
    const { version } = await current();
    await refusal(update(co, version, { settings: { respondentsSeeScores: true } }), 403, 'AUTH.FORBIDDEN');
    const on = await update(admin, version, {
      settings: { respondentsSeeScores: true, apiTokenMaxDays: 30 },
    });
    expect(on.settings).toEqual({
      respondentsSeeScores: true,
      apiTokenMaxDays: 30,
      respondentsRequestReports: false,
    });
    const off = await update(admin, on.version, { settings: { apiTokenMaxDays: null } });
    expect(off.settings).toEqual({ respondentsSeeScores: true, respondentsRequestReports: false });
  });

  describe('an organisation always keeps an admin', () => {
    const cases = [
      { admins: 1, others: 0, change: 'demote', refused: true },
      { admins: 1, others: 0, change: 'remove', refused: false },
      { admins: 1, others: 1, change: 'demote', refused: true },
      { admins: 1, others: 1, change: 'remove', refused: true },
      { admins: 2, others: 0, change: 'demote', refused: false },
      { admins: 2, others: 1, change: 'remove', refused: false },
    ] as const;
    it.each(cases)(
      '$change an admin with $admins admin(s) and $others other member(s): refused $refused',
      async ({ admins, others, change, refused }) => {
        const first = await newOrganisation(h);
        for (let i = 1; i < admins; i++) await addMember(h, first, 'admin');
        for (let i = 0; i < others; i++) await addMember(h, first, 'respondent');
        const members = h.get(MembersService);
        const call =
          change === 'demote'
            ? members.changeRole(first.organisationId, first.userId, first.userId, 'compliance_officer')
            : members.remove(first.organisationId, first.userId, first.userId);
        if (refused) await refusal(call, 409, 'MEMBER.LAST_ADMIN');
        else await call;
        const after = await h.get(MembersRepository).find(first.organisationId, first.userId);
        if (refused || change === 'demote')
          expect(after?.role).toBe(refused ? 'admin' : 'compliance_officer');
        else expect(after).toBeNull();
      },
    );
  });
});
