import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { ROLES, type MemberView, type UpdateMemberRequest } from '@aup/contracts';
import { contract, dateTime, pageSchema, uuid } from '../../common/schema';

export const UpdateMemberSchema = contract<UpdateMemberRequest>()(
  z.strictObject({ role: z.enum(ROLES).meta({ example: 'compliance_officer' }) }),
);
export class UpdateMemberDto extends createZodDto(UpdateMemberSchema) {}

const MemberViewSchema = contract<MemberView>()(
  z.object({
    userId: uuid(),
    email: z.string().nullable().meta({ example: 'it.lead@example.com' }),
    displayName: z.string().nullable().meta({ example: 'Sam Lee' }),
    role: z.enum(ROLES).meta({ example: 'respondent' }),
    joinedAt: dateTime(),
  }),
);
export class MemberViewDto extends createZodDto(MemberViewSchema) {}
export class MemberPageDto extends createZodDto(pageSchema(MemberViewSchema)) {}
