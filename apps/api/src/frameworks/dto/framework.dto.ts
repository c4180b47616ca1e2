import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { PROFILE_FIELD_TYPES, type FrameworkListView, type FrameworkVersionView } from '@aup/contracts';
import { contract } from '../../common/schema';

const versionName = () => z.string().meta({ example: '1.0.0' });
const frameworkId = () => z.string().meta({ example: 'workplace-csam-readiness' });
const frameworkTitle = () => z.string().meta({ example: 'Workplace CSAM readiness' });

export const FrameworkListSchema = contract<FrameworkListView>()(
  z.object({
    items: z.array(
      z.object({
        id: frameworkId(),
        title: frameworkTitle(),
        latestVersion: versionName(),
        versions: z.array(
          z.object({
            version: versionName(),
            latest: z.boolean().meta({
              example: true,
              description: 'The highest version: what a new audit uses when none is named',
            }),
          }),
        ),
      }),
    ),
  }),
);
export class FrameworkListDto extends createZodDto(FrameworkListSchema) {}

const ProfileFieldSchema = z.object({
  id: z.string().meta({ example: 'countries', description: 'The key in the organisation profile' }),
  type: z.enum(PROFILE_FIELD_TYPES).meta({ example: 'multi_choice' }),
  label: z.string().meta({ example: 'Countries where the organisation has staff or IT' }),
  help: z.string().nullable().meta({ example: 'Selects the legal obligations that apply.' }),
  required: z.boolean().meta({ example: true }),
  min: z.number().optional().meta({ example: 1 }),
  max: z.number().optional(),
  options: z
    .array(
      z.object({
        value: z.string().meta({ example: 'GB' }),
        label: z.string().meta({ example: 'United Kingdom' }),
      }),
    )
    .optional(),
  affects: z
    .object({
      questions: z
        .number()
        .int()
        .meta({ example: 12, description: 'Questions whose applicability depends on the field' }),
      obligations: z
        .number()
        .int()
        .meta({ example: 9, description: 'Legal obligations whose applicability depends on the field' }),
    })
    .meta({ description: 'Changing the field can change which of these apply' }),
});

export const FrameworkVersionSchema = contract<FrameworkVersionView>()(
  z.object({
    id: frameworkId(),
    version: versionName(),
    latest: z.boolean().meta({ example: true }),
    title: frameworkTitle(),
    description: z.string().nullable(),
    contentHash: z.string().meta({
      example: '9a4c…',
      description: 'sha256 of the compiled content; audits pinned to this version carry it',
    }),
    sections: z.array(
      z.object({
        id: z.string().meta({ example: 'hr' }),
        title: z.string().meta({ example: 'HR' }),
        description: z.string().nullable(),
      }),
    ),
    profile: z
      .array(ProfileFieldSchema)
      .meta({ description: 'The organisation-profile fields, in the order to ask them' }),
    counts: z.object({
      domains: z.number().int().meta({ example: 8 }),
      controls: z.number().int().meta({ example: 40 }),
      questions: z.number().int().meta({ example: 60 }),
      obligations: z.number().int().meta({ example: 30 }),
    }),
  }),
);
export class FrameworkVersionDto extends createZodDto(FrameworkVersionSchema) {}
