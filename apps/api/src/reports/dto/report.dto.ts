import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { CreateReportRequest, ReportView } from '@aup/contracts';
import { REPORT_FORMATS, REPORT_STATUSES, type ReportFormat, type ReportStatus } from '@aup/domain';

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ enum: REPORT_FORMATS, example: 'pdf' })
  @IsIn(REPORT_FORMATS)
  readonly format: ReportFormat;
}

export class ReportViewDto implements ReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ enum: REPORT_FORMATS }) format: ReportFormat;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({
    description: 'Rendered from a draft (not submitted) audit; every page or sheet says DRAFT.',
  })
  draft: boolean;
  @ApiProperty({ description: 'SHA-256 (hex) of the result snapshot the report is rendered from.' })
  snapshotHash: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Example-Ltd_CSAM-readiness-2026_2026-11-30_report.pdf',
  })
  fileName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contentType: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Bytes' }) size: number | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'SHA-256 (hex) of the file; also sent as Repr-Digest on download.',
  })
  sha256: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the render failed.' }) error:
    string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Relative to /api/v1, once done.' })
  downloadPath: string | null;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportViewDto] }) items: ReportViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
