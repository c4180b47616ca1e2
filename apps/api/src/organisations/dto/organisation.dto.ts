import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  INCIDENT_BANDS,
  ROLES,
  type CreateOrganisationRequest,
  type OrganisationSettings,
  type OrganisationSummary,
  type OrganisationView,
  type UpdateOrganisationRequest,
} from '@aup/contracts';
import {
  codeList,
  contract,
  countryCodes,
  dateTime,
  optional,
  pageSchema,
  plainName,
  uuid,
} from '../../common/schema';

const flag = (description: string) => z.boolean().meta({ description });

/**
 * The framework's organisation-profile fields (docs/POLICY-FORMAT.md). Every field is optional; on PATCH a
 * `null` clears a field. Unknown fields are rejected.
 */
const profileFields = {
  headcount: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .meta({ example: 1200, description: 'Number of employees' }),
  countries: countryCodes().meta({
    example: ['GB', 'SE'],
    description: 'ISO 3166-1 alpha-2 codes of the countries it operates in',
  }),
  regions: codeList(
    200,
    /^[A-Z]{2}-[A-Z0-9]{1,3}$/,
    'each region must be an ISO 3166-2 code such as AU-NSW',
  ).meta({
    example: ['AU-NSW'],
    description:
      'ISO 3166-2 subdivisions where state or province law matters; each within one of `countries`',
  }),
  sector: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/, 'sector must be a lower-case id such as manufacturing')
    .meta({
      example: 'manufacturing',
      description: 'Sector id from the framework (lower-case, letters, digits and _)',
    }),
  provides_internet_access: flag('Offers internet access to the public'),
  provides_email: flag('Offers an e-mail service to the public'),
  provides_hosting: flag('Offers hosting or cloud storage to the public'),
  provides_messaging: flag('Offers a messaging or user-to-user service to the public'),
  guest_wifi: flag('Runs guest Wi-Fi'),
  works_council: flag('Has a works council or a recognised union with consultation rights'),
  monitoring_in_use: flag('Any filtering, detection or logging of employee IT use is in place'),
  works_with_children: flag('Works with children'),
  incident_band: z.enum(INCIDENT_BANDS).meta({
    example: '0',
    description: 'Times CSAM was found on company IT in the last 24 months, as a band; never details',
  }),
};

/** Admin-only switches. On PATCH a `null` puts a setting back to its default. Unknown settings are rejected. */
const settingsFields = {
  respondentsSeeScores: z.boolean().meta({
    example: false,
    default: false,
    description:
      'Respondents may read audit results (scores, gaps, plan). Off by default: respondents then see only the questions assigned to them.',
  }),
  apiTokenMaxDays: z.number().int().min(1).max(365).meta({
    example: 30,
    description:
      'Longest lifetime, in days, of a personal API token created by any member (the smallest limit of their organisations applies). Unset: the server limit.',
  }),
  respondentsRequestReports: z.boolean().meta({
    example: false,
    default: false,
    description: 'Respondents may request and download reports. Off by default.',
  }),
};

type Shape = Record<string, z.ZodType>;
/** Every field may be absent (a `null` reads as absent). */
const allOptional = <T extends Shape>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, optional(s)])) as {
    [K in keyof T]: ReturnType<typeof optional<T[K]>>;
  };
/** Every field may be absent or `null` (PATCH: clears it). */
const allNullish = <T extends Shape>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.nullish()])) as {
    [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>>;
  };

const organisationName = () => plainName('organisation', 200).meta({ example: 'Example Manufacturing Ltd' });

export const CreateOrganisationSchema = contract<CreateOrganisationRequest>()(
  z.strictObject({
    name: organisationName(),
    profile: optional(z.strictObject(allOptional(profileFields))),
  }),
);
export class CreateOrganisationDto extends createZodDto(CreateOrganisationSchema) {}

export const UpdateOrganisationSchema = contract<UpdateOrganisationRequest>()(
  z.strictObject({
    name: optional(organisationName()),
    profile: optional(z.strictObject(allNullish(profileFields))).meta({
      description:
        "Merged into the stored profile; a null field is cleared. The result is checked against the latest framework's profile definition (422 PROFILE.*).",
    }),
    settings: optional(z.strictObject(allNullish(settingsFields))).meta({
      description: 'Admins only (403 AUTH.FORBIDDEN for other roles); merged like the profile',
    }),
  }),
);
export class UpdateOrganisationDto extends createZodDto(UpdateOrganisationSchema) {}
/** A profile or settings patch as the service merges it (`null` clears a field). */
export type OrganisationProfileDto = NonNullable<UpdateOrganisationDto['profile']>;
export type OrganisationSettingsDto = NonNullable<UpdateOrganisationDto['settings']>;

const OrganisationSettingsViewSchema = contract<OrganisationSettings>()(
  z.object({
    respondentsSeeScores: z.boolean().meta({ example: false }),
    apiTokenMaxDays: z.number().int().optional().meta({ example: 30, description: 'Present when set' }),
    respondentsRequestReports: z.boolean().meta({ example: false }),
  }),
);

export const OrganisationViewSchema = contract<OrganisationView>()(
  z.object({
    id: uuid(),
    name: z.string().meta({ example: 'Example Manufacturing Ltd' }),
    profile: z
      .object(profileFields)
      .partial()
      .meta({
        example: { headcount: 1200, countries: ['GB', 'SE'], incident_band: '0', guest_wifi: true },
      }),
    settings: OrganisationSettingsViewSchema,
    version: z
      .number()
      .int()
      .meta({ example: 3, description: 'Also the ETag; send it in If-Match on PATCH' }),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  }),
);
export class OrganisationViewDto extends createZodDto(OrganisationViewSchema) {}

const OrganisationSummarySchema = contract<OrganisationSummary>()(
  z.object({
    id: uuid(),
    name: z.string().meta({ example: 'Example Manufacturing Ltd' }),
    role: z.enum(ROLES).meta({ example: 'admin' }),
  }),
);
export class OrganisationPageDto extends createZodDto(pageSchema(OrganisationSummarySchema)) {}
