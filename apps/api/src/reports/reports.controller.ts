import { Body, Controller, Get, Headers, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type { Page, ReportView } from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P, type ProblemSpec } from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { CurrentMembership } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { PageQueryDto, pageOf } from '../common/page-query.dto';
import { CreateReportDto, ReportPageDto, ReportViewDto } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { namesStoredFile, sendStoredFile } from '../common/file-download';

const NOT_ALLOWED: ProblemSpec = [
  403,
  'REPORTS.NOT_ALLOWED',
  'A respondent, and the organisation does not open reports to respondents',
];

/** `"<sha256 hex>"`: the file's digest is its entity tag (a report's bytes never change). */

@ApiTags('reports')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED, NOT_ALLOWED)
@Controller('organisations/:orgId/audits/:auditId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Request a report (PDF, XLSX, CSV, JSON or OSCAL); the worker renders it from the audit snapshot',
    description:
      'Answers 202 with the queued report; follow it with GET .../reports/{reportId}. A submitted audit is rendered from its stored snapshot; an open audit from a snapshot taken now, marked DRAFT. The same Idempotency-Key returns the same report (200).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any 1-200 visible ASCII characters (a UUID): a repeated request returns the first report.',
  })
  @ZodResponse({
    status: HttpStatus.ACCEPTED,
    type: ReportViewDto,
    description: 'Queued; Location names the report',
  })
  @ApiOkResponse({ type: ReportViewDto.Output, description: 'An earlier request with this Idempotency-Key' })
  @ApiProblems(
    P.validation,
    [400, 'REQUEST.INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is not 1-200 visible ASCII characters'],
    [422, 'REQUEST.IDEMPOTENCY_KEY_REUSED', 'The key was used for another audit or format'],
  )
  async request(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Body() dto: CreateReportDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView> {
    const { report, created } = await this.reports.request(caller, auditId, dto.format, idempotencyKey);
    void reply
      .status(created ? HttpStatus.ACCEPTED : HttpStatus.OK)
      .header(
        'location',
        `/api/v1/organisations/${caller.organisationId}/audits/${auditId}/reports/${report.id}`,
      );
    return report;
  }

  @Get()
  @ApiOperation({ summary: 'Reports of the audit, newest first, with status, progress and digest' })
  @ZodResponse({ status: HttpStatus.OK, type: ReportPageDto })
  @ApiProblems(P.validation)
  list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ReportView>> {
    const { limit, offset } = pageOf(query);
    return this.reports.list(caller, auditId, limit, offset);
  }

  @Get(':reportId')
  @ApiOperation({
    summary: 'One report: status (queued, running, done, failed), progress %, file name, size and SHA-256',
  })
  @ZodResponse({ status: HttpStatus.OK, type: ReportViewDto })
  get(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('reportId', RECORD_ID) reportId: string,
  ): Promise<ReportView> {
    return this.reports.get(caller, auditId, reportId);
  }

  @Post(':reportId/retry')
  @ApiOperation({ summary: 'Queue a failed report again (same snapshot)' })
  @ZodResponse({ status: HttpStatus.ACCEPTED, type: ReportViewDto })
  @ApiProblems([409, 'REPORT.NOT_FAILED', 'The report is not in status failed'])
  async retry(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('reportId', RECORD_ID) reportId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView> {
    const view = await this.reports.retry(caller, auditId, reportId);
    void reply.status(HttpStatus.ACCEPTED);
    return view;
  }

  @Get(':reportId/download')
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of the copy you hold: 304 when it is this file.',
  })
  @ApiOperation({
    summary:
      'Download the file, with Content-Disposition, ETag, Content-Length and Repr-Digest (RFC 9530, sha-256)',
    description:
      'Repr-Digest carries the SHA-256 of the bytes (base64, as `sha-256=:...:`); the same digest is in the report view as hex. Each download is in the audit trail.',
  })
  @ApiProduces(
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
    'application/json',
  )
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match names this file' })
  @ApiProblems([409, 'REPORT.NOT_READY', 'The report is queued, running or failed'])
  async download(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('reportId', RECORD_ID) reportId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.reports.download(caller, auditId, reportId, (sha) =>
      namesStoredFile(ifNoneMatch, sha),
    );
    const { report } = result;
    sendStoredFile(
      reply,
      {
        sha256: report.sha256!,
        fileName: report.fileName ?? `report-${report.id}`,
        contentType: report.contentType ?? 'application/octet-stream',
      },
      'notModified' in result ? undefined : result.bytes,
    );
  }
}
