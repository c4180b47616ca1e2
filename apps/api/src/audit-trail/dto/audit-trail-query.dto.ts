import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type { AuditTrailQuery } from '@aup/contracts';
import { contract, dateOnly, dateTime, optional, pageQueryShape, uuid } from '../../common/schema';

const NAME = /^[a-z][a-z0-9_.-]{0,63}$/;
/** A date or a date-time (ISO 8601). */
const instant = () => z.union([dateTime(), dateOnly()]);

export const AuditTrailQuerySchema = contract<AuditTrailQuery>()(
  z.strictObject({
    ...pageQueryShape,
    entity: optional(z.string().regex(NAME)).meta({
      example: 'answer',
      description: 'Kind of record: audit, answer, answer_comment, membership, ...',
    }),
    entityId: optional(
      z
        .string()
        .max(100)
        .regex(/^[A-Za-z0-9_.:@-]+$/),
    ).meta({ description: 'Id of the record (as in the events).' }),
    action: optional(z.string().regex(NAME)).meta({ example: 'submitted' }),
    actorUserId: optional(uuid()),
    from: optional(instant()).meta({ description: 'Inclusive.' }),
    to: optional(instant()).meta({ description: 'Exclusive.' }),
  }),
);
export class AuditTrailQueryDto extends createZodDto(AuditTrailQuerySchema) {}
