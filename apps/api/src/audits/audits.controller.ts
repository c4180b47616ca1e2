import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type {
  AssignmentsView,
  AuditResultsView,
  AuditVersionDiffView,
  AuditVersionView,
  AuditView,
  CompletenessView,
  Page,
  SectionView,
} from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P, type ProblemSpec } from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID, type PathParamSpec } from '../common/path-param';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { etag, parseIfMatch } from '../common/etag';
import { policyId } from '../common/schema';
import { AuditsService } from './audits.service';
import { encodeResults } from './results-encoding';
import {
  AssignmentsViewDto,
  AuditPageDto,
  AuditResultsViewDto,
  AuditVersionDiffViewDto,
  AuditVersionViewDto,
  AuditViewDto,
  CompletenessViewDto,
  SectionViewDto,
} from './dto/audit-response.dto';
import {
  AuditListQueryDto,
  CreateAuditDto,
  PutAssignmentsDto,
  ReopenAuditDto,
  SubmitAuditDto,
  TransitionDto,
  UpdateAuditDto,
  VersionDiffQueryDto,
} from './dto/audit-request.dto';

export const AUDIT_PROBLEMS = {
  locked: [409, 'AUDIT.LOCKED', 'The audit is submitted or closed; nothing in it can change'] as ProblemSpec,
  versionConflict: [
    409,
    'AUDIT.VERSION_CONFLICT',
    'If-Match names an older version of the audit (current in `current`)',
  ] as ProblemSpec,
  invalidTransition: [
    409,
    'AUDIT.INVALID_TRANSITION',
    'The move is not possible from the current status',
  ] as ProblemSpec,
  ifMatch: [400, 'REQUEST.INVALID_IF_MATCH', 'If-Match is not a version ETag'] as ProblemSpec,
  content: [
    422,
    'CONTENT.NOT_ACCEPTED',
    'Free text holds a URL, e-mail address, hash or encoded data (see `reason`, `pointer`)',
  ] as ProblemSpec,
  notAssigned: [
    403,
    'SECTION.NOT_ASSIGNED',
    'A respondent asked for a section not assigned to them',
  ] as ProblemSpec,
};

/** A submission number: 1 for an audit's first submission (an unknown one is 404). */
const SUBMISSION: PathParamSpec<number> = {
  schema: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'must be a submission number (1, 2, ...)')
    .transform(Number),
  openApi: {
    type: 'integer',
    minimum: 1,
    maximum: 999_999_999,
    example: 1,
    description: 'The version number from GET .../versions (1 for the first submission).',
  },
};
const SECTION = policyId('section');

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version you read, as its ETag (e.g. "3").',
};

const withEtag = <T extends { version: number }>(reply: FastifyReply, view: T): T => {
  void reply.header('etag', etag(view.version));
  return view;
};

@ApiTags('audits')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/audits')
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @Get()
  @ApiOperation({
    summary: 'Audits of the organisation, newest first (respondents: those with a section assigned to them)',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditPageDto })
  @ApiProblems(P.validation)
  list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() query: AuditListQueryDto,
  ): Promise<Page<AuditView>> {
    return this.audits.list(caller, query);
  }

  @Post()
  @Roles('admin', 'compliance_officer')
  @ApiOperation({
    summary: 'Create an audit pinned to a framework version',
    description:
      'With `fromAuditId`, the answers of that audit are copied and marked needs_review; they must be confirmed before submitting.',
  })
  @ZodResponse({ status: HttpStatus.CREATED, type: AuditViewDto, description: 'ETag is its version' })
  @ApiProblems(P.validation, AUDIT_PROBLEMS.content, [
    422,
    'FRAMEWORK.UNKNOWN',
    'No such framework or version',
  ])
  async create(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Body() dto: CreateAuditDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.create(caller, dto));
  }

  @Get(':auditId')
  @ApiOperation({ summary: 'One audit with its status, pinned framework and attestation' })
  @ZodResponse({ status: HttpStatus.OK, type: AuditViewDto, description: 'ETag is its version' })
  @ApiProblems([403, 'AUDIT.NOT_ASSIGNED', 'A respondent with no section in this audit'])
  async get(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.get(caller, auditId));
  }

  @Patch(':auditId')
  @Roles('admin', 'compliance_officer')
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({ summary: 'Change the title or due date; If-Match with the version you edited is required' })
  @ZodResponse({ status: HttpStatus.OK, type: AuditViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.ifMatch,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.versionConflict,
    AUDIT_PROBLEMS.content,
    [428, 'REQUEST.PRECONDITION_REQUIRED', 'If-Match is missing'],
  )
  async update(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateAuditDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.update(caller, auditId, parseIfMatch(ifMatch), dto));
  }

  @Get(':auditId/assignments')
  @ApiOperation({ summary: 'Who answers which section (respondents: their own sections)' })
  @ZodResponse({ status: HttpStatus.OK, type: AssignmentsViewDto })
  getAssignments(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
  ): Promise<AssignmentsView> {
    return this.audits.assignments(caller, auditId);
  }

  @Put(':auditId/assignments')
  @Roles('admin', 'compliance_officer')
  @ApiOperation({ summary: 'Assign sections to members; the sections named are replaced, the others kept' })
  @ZodResponse({ status: HttpStatus.OK, type: AssignmentsViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.locked,
    [422, 'ASSIGNMENT.NOT_MEMBER', 'A user id is not a member'],
    [422, 'SECTION.NOT_FOUND', 'No such section'],
  )
  putAssignments(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Body() dto: PutAssignmentsDto,
  ): Promise<AssignmentsView> {
    return this.audits.putAssignments(caller, auditId, dto);
  }

  @Get(':auditId/sections/:section')
  @ApiOperation({
    summary:
      "A section's questions shown for the organisation's profile, with current answers, help text and sources",
  })
  @ZodResponse({ status: HttpStatus.OK, type: SectionViewDto })
  @ApiProblems(P.validation, AUDIT_PROBLEMS.notAssigned, [404, 'SECTION.NOT_FOUND', 'No such section'])
  section(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('section', SECTION) section: string,
  ): Promise<SectionView> {
    return this.audits.section(caller, auditId, section);
  }

  @Get(':auditId/results')
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of results you hold: 304 when they are still current.',
  })
  @ApiOperation({
    summary: 'Results: computed live for an open audit, the stored snapshot once submitted',
    description:
      'Respondents see results only when the organisation setting respondentsSeeScores is on. The ETag changes whenever an answer, the profile or the status does.',
  })
  @ApiOkResponse({ type: AuditResultsViewDto.Output })
  @ApiResponse({
    status: 304,
    description: 'Not modified: the results behind your If-None-Match are still current',
  })
  @ApiProblems(
    [403, 'RESULTS.HIDDEN', 'Respondents do not see scores in this organisation'],
    [403, 'AUDIT.NOT_ASSIGNED', 'A respondent with no section in this audit'],
  )
  async results(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.audits.results(caller, auditId);
    void reply
      .header('etag', doc.etag)
      .header('cache-control', 'private, no-cache')
      .header('vary', 'accept-encoding');
    if (ifNoneMatch?.split(',').some((t) => t.trim() === doc.etag)) {
      void reply.status(304).send();
      return;
    }
    // The document is already JSON text (and compressed once per document): sent as it is, not serialised again.
    const { body, encoding } = encodeResults(doc, acceptEncoding);
    void reply.status(200).type('application/json; charset=utf-8');
    if (encoding) void reply.header('content-encoding', encoding);
    void reply.send(body);
  }

  @Get(':auditId/completeness')
  @ApiOperation({
    summary: 'What submitting needs: visible questions open, copied answers unconfirmed, answers sent back',
    description:
      'Submit refuses while any is listed, unless open questions are acknowledged by number (acknowledgeOpenQuestions).',
  })
  @ZodResponse({ status: HttpStatus.OK, type: CompletenessViewDto })
  completeness(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
  ): Promise<CompletenessView> {
    return this.audits.completeness(caller, auditId);
  }

  @Get(':auditId/versions')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({
    summary:
      'Every submission of the audit, oldest first, with its attestation and snapshot hash (kept across reopening)',
  })
  @ZodResponse({ status: HttpStatus.OK, type: [AuditVersionViewDto] })
  versions(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
  ): Promise<AuditVersionView[]> {
    return this.audits.versions(caller, auditId);
  }

  @Get(':auditId/versions/diff')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({
    summary:
      'What changed between two submissions: overall score, rating, domain scores, gaps opened and closed, answers',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditVersionDiffViewDto })
  @ApiProblems(P.validation, [404, 'AUDIT.VERSION_NOT_FOUND', 'The audit has no submission with that number'])
  diff(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Query() query: VersionDiffQueryDto,
  ): Promise<AuditVersionDiffView> {
    return this.audits.diff(caller, auditId, query.from, query.to);
  }

  @Get(':auditId/versions/:submission')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({ summary: "One submission's stored results (snapshot, attestation, hash)" })
  @ZodResponse({ status: HttpStatus.OK, type: AuditResultsViewDto })
  @ApiProblems(P.validation, [404, 'AUDIT.VERSION_NOT_FOUND', 'The audit has no submission with that number'])
  version(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('submission', SUBMISSION) version: number,
  ): Promise<AuditResultsView> {
    return this.audits.version(caller, auditId, version);
  }

  @Post(':auditId/transitions')
  @Roles('admin', 'compliance_officer')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Move the audit through its lifecycle: start, review, return (to in_progress), close',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.ifMatch,
    AUDIT_PROBLEMS.invalidTransition,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.versionConflict,
  )
  async transition(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: TransitionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.transition(caller, auditId, parseIfMatch(ifMatch), dto.action));
  }

  @Post(':auditId/submit')
  @Roles('admin', 'compliance_officer')
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({
    summary: 'Submit with your attestation; stores the immutable result snapshot and locks the audit',
    description:
      'Possible from in_progress or in_review, with If-Match. Every visible question must be answered (N/A with its justification counts), copied answers confirmed and sent-back answers changed; with open questions, send acknowledgeOpenQuestions (their number) to submit incomplete, which the attestation and every result show.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.ifMatch,
    AUDIT_PROBLEMS.invalidTransition,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.versionConflict,
    AUDIT_PROBLEMS.content,
    [409, 'AUDIT.ANSWERS_NEED_REVIEW', 'Copied answers still need review (see questionIds)'],
    [409, 'AUDIT.ANSWERS_NEED_CHANGES', 'Answers the reviewer sent back are unchanged (see questionIds)'],
    [
      409,
      'AUDIT.INCOMPLETE',
      'Questions are open and acknowledgeOpenQuestions does not name their number (see open, total, questionIds)',
    ],
    [428, 'REQUEST.PRECONDITION_REQUIRED', 'If-Match is missing'],
  )
  async submit(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: SubmitAuditDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.submit(caller, auditId, parseIfMatch(ifMatch), dto));
  }

  @Post(':auditId/reopen')
  @Roles('admin', 'compliance_officer')
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({
    summary: 'Reopen a submitted audit (to in_review); the reason is logged, the earlier snapshot kept',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.ifMatch,
    AUDIT_PROBLEMS.invalidTransition,
    AUDIT_PROBLEMS.versionConflict,
    AUDIT_PROBLEMS.content,
    [428, 'REQUEST.PRECONDITION_REQUIRED', 'If-Match is missing'],
  )
  async reopen(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ReopenAuditDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditView> {
    return withEtag(reply, await this.audits.reopen(caller, auditId, parseIfMatch(ifMatch), dto.reason));
  }
}
