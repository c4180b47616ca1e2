import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type { CreateReportRequest, ReportView } from '@aup/contracts';
import { REPORT_FORMATS, REPORT_STATUSES } from '@aup/domain';
import { contract, dateTime, pageSchema, uuid } from '../../common/schema';

export const CreateReportSchema = contract<CreateReportRequest>()(
  z.strictObject({ format: z.enum(REPORT_FORMATS).meta({ example: 'pdf' }) }),
);
export class CreateReportDto extends createZodDto(CreateReportSchema) {}

export const ReportViewSchema = contract<ReportView>()(
  z.object({
    id: uuid(),
    auditId: uuid(),
    format: z.enum(REPORT_FORMATS),
    status: z.enum(REPORT_STATUSES),
    progress: z.number().min(0).max(100),
    draft: z.boolean().meta({
      description: 'Rendered from a draft (not submitted) audit; every page or sheet says DRAFT.',
    }),
    snapshotHash: z
      .string()
      .meta({ description: 'SHA-256 (hex) of the result snapshot the report is rendered from.' }),
    fileName: z
      .string()
      .nullable()
      .meta({ example: 'Example-Ltd_CSAM-readiness-2026_2026-11-30_report.pdf' }),
    contentType: z.string().nullable(),
    size: z.number().int().nullable().meta({ description: 'Bytes' }),
    sha256: z
      .string()
      .nullable()
      .meta({ description: 'SHA-256 (hex) of the file; also sent as Repr-Digest on download.' }),
    error: z.string().nullable().meta({ description: 'Why the render failed.' }),
    attempts: z.number().int(),
    requestedBy: uuid().nullable(),
    requestedAt: dateTime(),
    startedAt: dateTime().nullable(),
    finishedAt: dateTime().nullable(),
    downloadPath: z.string().nullable().meta({ description: 'Relative to /api/v1, once done.' }),
  }),
);
export class ReportViewDto extends createZodDto(ReportViewSchema) {}
export class ReportPageDto extends createZodDto(pageSchema(ReportViewSchema)) {}
