import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type {
  OrganisationProfile,
  OrganisationSettings,
  OrganisationSummary,
  OrganisationView,
  Page,
} from '@aup/contracts';
import { OrganisationRepository, Transactions, type OrganisationRecord } from '@aup/db';
import { validateProfile } from '@aup/domain';
import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import { PolicyModelRefresh } from '@aup/policy-model';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { notFound, ProblemException } from '../common/problem';
import type { CurrentMembershipInfo } from '../common/principal';
import type {
  CreateOrganisationDto,
  OrganisationProfileDto,
  OrganisationSettingsDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';

type OrganisationRow = OrganisationRecord<OrganisationProfile>;

/** Settings with their defaults filled in; unknown stored keys stay in the row but are not shown. */
const settingsOf = (stored: Record<string, unknown> | null): OrganisationSettings => ({
  respondentsSeeScores: stored?.respondentsSeeScores === true,
  ...(typeof stored?.apiTokenMaxDays === 'number' ? { apiTokenMaxDays: stored.apiTokenMaxDays } : {}),
  respondentsRequestReports: stored?.respondentsRequestReports === true,
});

const toView = (o: OrganisationRow): OrganisationView => ({
  id: o.id,
  name: o.name,
  profile: o.profile,
  settings: settingsOf(o.settings),
  version: o.version,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
});

/** A `null` puts a setting back to its default. */
function mergeSettings(
  stored: Record<string, unknown>,
  patch: OrganisationSettingsDto | undefined | null,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** The keys whose values differ, each with its value before and after (absent: null). */
function changedKeys(
  before: object,
  after: object,
): { before: Record<string, unknown>; after: Record<string, unknown> } | undefined {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
  if (!keys.length) return undefined;
  return {
    before: Object.fromEntries(keys.map((k) => [k, b[k] ?? null])),
    after: Object.fromEntries(keys.map((k) => [k, a[k] ?? null])),
  };
}

/** Keeps the fields that are set; `null` (a PATCH clearing a field) and absent fields drop out. */
function mergeProfile(
  stored: OrganisationProfile,
  patch: OrganisationProfileDto | undefined | null,
): OrganisationProfile {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const profile = merged as OrganisationProfile;
  const outside = (profile.regions ?? []).filter((r) => !(profile.countries ?? []).includes(r.slice(0, 2)));
  if (outside.length) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION.FAILED',
      'The request is not valid',
      `Regions must lie in one of the organisation's countries: ${outside.join(', ')}.`,
      { errors: [{ pointer: '/profile/regions', message: `not within countries: ${outside.join(', ')}` }] },
    );
  }
  return profile;
}

/** Parses `If-Match: "3"` (or W/"3", or 3). Missing: 428, so a client cannot overwrite blindly. */
export function versionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new ProblemException(
      HttpStatus.PRECONDITION_REQUIRED,
      'REQUEST.PRECONDITION_REQUIRED',
      'If-Match required',
      'Send the version you edited in If-Match (the ETag of GET), so a concurrent change is not overwritten.',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'REQUEST.INVALID_IF_MATCH',
      'Invalid If-Match',
      'If-Match must be the ETag from GET, e.g. "3".',
    );
  }
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;

@Injectable()
export class OrganisationsService {
  private readonly policiesDir: string;

  constructor(
    private readonly transactions: Transactions,
    private readonly repo: OrganisationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly trail: AuditTrailService,
    private readonly policyModel: PolicyModelRefresh,
  ) {
    this.policiesDir = resolvePoliciesDir(config.POLICIES_DIR);
  }

  /**
   * The DTO checks shapes; this checks the profile against the latest framework's profile definition
   * (options, ranges, known fields), so the api can never accept a profile the framework would not. Fields
   * still unanswered are fine here: the profile is filled in over time.
   */
  private assertFitsFramework(profile: OrganisationProfile): void {
    const problems = validateProfile(loadLatestFramework(this.policiesDir), profile).filter(
      (p) => p.code !== 'PROFILE.REQUIRED',
    );
    if (!problems.length) return;
    throw new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      problems[0].code,
      'Profile does not fit the framework',
      problems.map((p) => p.message).join('; '),
      { errors: problems.map((p) => ({ pointer: `/profile/${p.field}`, code: p.code, message: p.message })) },
    );
  }

  async listMine(userId: string, limit: number, offset: number): Promise<Page<OrganisationSummary>> {
    const { items, total } = await this.repo.listForUser(userId, limit, offset);
    return { items, total, limit, offset };
  }

  /** The creator becomes the organisation's first admin. */
  async create(userId: string, dto: CreateOrganisationDto): Promise<OrganisationView> {
    const profile = mergeProfile({}, dto.profile);
    this.assertFitsFramework(profile);
    return this.transactions.run(async () => {
      const org = await this.repo.create(dto.name, profile, userId);
      const view = toView(org);
      await this.trail.append({
        organisationId: org.id,
        actorUserId: userId,
        entity: 'organisation',
        entityId: org.id,
        action: 'created',
        after: { via: 'create', adminUserId: userId, profile: view.profile, settings: view.settings },
      });
      return view;
    });
  }

  async get(orgId: string): Promise<OrganisationView> {
    const org = await this.repo.find<OrganisationProfile>(orgId);
    if (!org) throw notFound('The organisation');
    return toView(org);
  }

  /**
   * Optimistic concurrency: the write applies only if the organisation is still at `expectedVersion`.
   * Settings are for admins only; the change is recorded with the fields that changed (the name as a flag
   * only, since the trail holds no free text).
   */
  async update(
    caller: CurrentMembershipInfo,
    expectedVersion: number,
    dto: UpdateOrganisationDto,
  ): Promise<OrganisationView> {
    const orgId = caller.organisationId;
    if (dto.settings !== undefined && caller.role !== 'admin') {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUTH.FORBIDDEN',
        'Not allowed for your role',
        'Only admins change organisation settings.',
        {
          requiredRoles: ['admin'],
        },
      );
    }
    return this.transactions.run(async () => {
      const current = await this.repo.find<OrganisationProfile>(orgId, { forUpdate: true });
      if (!current) throw notFound('The organisation');
      if (current.version !== expectedVersion) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'ORGANISATION.VERSION_CONFLICT',
          'Changed by someone else',
          `The organisation is at version ${current.version}, not ${expectedVersion}. Reload, re-apply your change and send the new version.`,
          { currentVersion: current.version },
        );
      }
      const profile = mergeProfile(current.profile, dto.profile);
      if (dto.profile !== undefined) this.assertFitsFramework(profile);
      const settings = mergeSettings(current.settings ?? {}, dto.settings);
      // A profile change brings the policy model's items in step below: their locks come first, as in
      // every change to the model (the organisation's row locks the portfolio row through its trigger).
      if (dto.profile !== undefined) await this.policyModel.lock(orgId);
      const updated = await this.repo.update(orgId, { name: dto.name ?? current.name, profile, settings });
      const view = toView(updated);
      const profileChange = changedKeys(current.profile, view.profile);
      const settingsChange = changedKeys(settingsOf(current.settings), view.settings);
      const nameChanged = view.name !== current.name;
      if (profileChange || settingsChange || nameChanged) {
        await this.trail.append({
          organisationId: orgId,
          actorUserId: caller.userId,
          entity: 'organisation',
          entityId: orgId,
          action: 'updated',
          before: { profile: profileChange?.before ?? {}, settings: settingsChange?.before ?? {} },
          after: { profile: profileChange?.after ?? {}, settings: settingsChange?.after ?? {}, nameChanged },
        });
      }
      // Which clauses and obligations apply follows the profile: the portfolio's coverage, plan
      // completeness and countries not covered, and the items of a model changed before (a new country's
      // reporting route, say), follow with the change, not when the model is next changed.
      if (profileChange) await this.policyModel.refresh(orgId, { itemsBy: caller.userId });
      return view;
    });
  }
}
