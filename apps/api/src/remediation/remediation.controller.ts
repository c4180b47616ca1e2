import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
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
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type {
  CursorPage,
  RemediationCommentView,
  RemediationHistoryEntry,
  RemediationItemSummary,
  RemediationItemView,
  RemediationSummaryView,
} from '@aup/contracts';
import { parseIfMatch, withEtag } from '../common/etag';
import {
  ApiProblems,
  AUTHENTICATED,
  ORG_SCOPED,
  P,
  type ProblemSpec,
} from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { CurrentMembership, CurrentPrincipal, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo, Principal } from '../common/principal';
import {
  RemediationCommentDto,
  RemediationListQueryDto,
  RemediationTransitionDto,
  UpdateRemediationItemDto,
} from './dto/remediation.dto';
import {
  RemediationCommentViewDto,
  RemediationHistoryEntryDto,
  RemediationItemPageDto,
  RemediationItemViewDto,
  RemediationSummaryViewDto,
} from './dto/remediation-views.dto';
import { RemediationService } from './remediation.service';

export const REMEDIATION_PROBLEMS = {
  ifMatch: [400, 'REQUEST.INVALID_IF_MATCH', 'If-Match is not a version ETag'] as ProblemSpec,
  preconditionRequired: [428, 'REQUEST.PRECONDITION_REQUIRED', 'If-Match is missing'] as ProblemSpec,
  versionConflict: [
    409,
    'REMEDIATION.VERSION_CONFLICT',
    'If-Match names an older version of the item (current in `current`)',
  ] as ProblemSpec,
  invalidTransition: [
    409,
    'REMEDIATION.INVALID_TRANSITION',
    'The move is not possible from the current status',
  ] as ProblemSpec,
  notAllowed: [
    403,
    'REMEDIATION.NOT_ALLOWED',
    'Your role or relation to the item does not allow this change',
  ] as ProblemSpec,
  notYours: [
    403,
    'REMEDIATION.NOT_YOURS',
    'A respondent asked for an item they neither own nor deputise',
  ] as ProblemSpec,
  content: [
    422,
    'CONTENT.NOT_ACCEPTED',
    'Free text holds a URL, e-mail address, hash or encoded data (see `reason`, `pointer`)',
  ] as ProblemSpec,
  cursor: [400, 'REQUEST.INVALID_CURSOR', 'The cursor is not one this api gave out'] as ProblemSpec,
};

/** Problems every versioned write of an item can answer with. */
const ITEM_WRITE_PROBLEMS: ProblemSpec[] = [
  P.validation,
  REMEDIATION_PROBLEMS.ifMatch,
  REMEDIATION_PROBLEMS.preconditionRequired,
  REMEDIATION_PROBLEMS.versionConflict,
  REMEDIATION_PROBLEMS.invalidTransition,
  REMEDIATION_PROBLEMS.notAllowed,
  REMEDIATION_PROBLEMS.notYours,
  REMEDIATION_PROBLEMS.content,
];

const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'The version you read, as its ETag (e.g. "3").',
};
@ApiTags('remediation')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId')
export class RemediationController {
  constructor(private readonly remediation: RemediationService) {}

  @Get('remediation-items')
  @ApiOperation({
    summary:
      'Remediation items with filters, sort and cursor pagination (respondents: items they own or deputise)',
  })
  @ZodResponse({ status: HttpStatus.OK, type: RemediationItemPageDto })
  @ApiProblems(P.validation, REMEDIATION_PROBLEMS.cursor)
  list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() q: RemediationListQueryDto,
  ): Promise<CursorPage<RemediationItemSummary>> {
    return this.remediation.list(caller, q);
  }

  @Get('remediation-items/export')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The filtered items as CSV (at most 10,000 rows)' })
  @ApiOkResponse({
    description: 'One row per item, with a header row',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblems(P.validation)
  async export(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() q: RemediationListQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="remediation-items.csv"');
    return this.remediation.exportCsv(caller, q);
  }

  @Get('remediation-summary')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({ summary: 'Open items by priority, overdue, done this quarter and a 12-week burn-down' })
  @ZodResponse({ status: HttpStatus.OK, type: RemediationSummaryViewDto })
  summary(@CurrentMembership() caller: CurrentMembershipInfo): Promise<RemediationSummaryView> {
    return this.remediation.summary(caller);
  }

  @Get('remediation-items/:itemId')
  @ApiOperation({
    summary: 'One item with its controls (reason, sources), steps, audits and the moves you may make',
  })
  @ZodResponse({ status: HttpStatus.OK, type: RemediationItemViewDto, description: 'ETag is its version' })
  @ApiProblems(REMEDIATION_PROBLEMS.notYours)
  async get(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RemediationItemView> {
    return withEtag(reply, await this.remediation.get(caller, itemId));
  }

  @Patch('remediation-items/:itemId')
  @Roles('admin', 'compliance_officer', 'respondent')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Assign owner and deputy, move the due date (managers), tick steps or note why one is not needed (also the owner)',
  })
  @ZodResponse({
    status: HttpStatus.OK,
    type: RemediationItemViewDto,
    description: 'ETag is its new version',
  })
  @ApiProblems(
    ...ITEM_WRITE_PROBLEMS,
    [422, 'REMEDIATION.NOT_MEMBER', 'Owner or deputy is not a member'],
    [422, 'REMEDIATION.NO_SUCH_STEP', 'No step at that position'],
  )
  async update(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateRemediationItemDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RemediationItemView> {
    return withEtag(reply, await this.remediation.update(caller, itemId, parseIfMatch(ifMatch), dto));
  }

  @Post('remediation-items/:itemId/transitions')
  @HttpCode(HttpStatus.OK)
  @Roles('admin', 'compliance_officer', 'respondent')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Move the item through its lifecycle (start, block, unblock, complete, reopen, accept_risk, withdraw_acceptance)',
    description:
      '`verified` is set only by the submit of a later audit that finds every control of the item passing.',
  })
  @ZodResponse({
    status: HttpStatus.OK,
    type: RemediationItemViewDto,
    description: 'ETag is its new version',
  })
  @ApiProblems(
    ...ITEM_WRITE_PROBLEMS,
    [422, 'REMEDIATION.REASON_REQUIRED', 'block without a reason'],
    [422, 'REMEDIATION.STEPS_INCOMPLETE', 'complete with unticked steps that have no note (see `positions`)'],
    [
      422,
      'REMEDIATION.ACCEPTANCE_INVALID',
      'accept_risk without justification, approver, or an expiry within 12 months',
    ],
    [
      422,
      'REMEDIATION.CRITICAL_LEGAL_CONTROL',
      'accept_risk of an item closing a critical control required by law',
    ],
  )
  async transition(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RemediationTransitionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RemediationItemView> {
    return withEtag(reply, await this.remediation.transition(caller, itemId, parseIfMatch(ifMatch), dto));
  }

  @Get('remediation-items/:itemId/comments')
  @ApiOperation({ summary: 'Comments on the item, oldest first' })
  @ZodResponse({ status: HttpStatus.OK, type: [RemediationCommentViewDto] })
  @ApiProblems(REMEDIATION_PROBLEMS.notYours)
  comments(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
  ): Promise<RemediationCommentView[]> {
    return this.remediation.comments(caller, itemId);
  }

  @Post('remediation-items/:itemId/comments')
  @Roles('admin', 'compliance_officer', 'respondent')
  @ApiOperation({ summary: 'Comment on the item (screened like every narrative field)' })
  @ZodResponse({ status: HttpStatus.CREATED, type: RemediationCommentViewDto })
  @ApiProblems(
    P.validation,
    REMEDIATION_PROBLEMS.content,
    REMEDIATION_PROBLEMS.notYours,
    REMEDIATION_PROBLEMS.notAllowed,
  )
  addComment(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
    @Body() dto: RemediationCommentDto,
  ): Promise<RemediationCommentView> {
    return this.remediation.addComment(caller, itemId, dto.body);
  }

  @Get('remediation-items/:itemId/history')
  @ApiOperation({ summary: "The item's changes from the audit trail, across audits, oldest first" })
  @ZodResponse({ status: HttpStatus.OK, type: [RemediationHistoryEntryDto] })
  @ApiProblems(REMEDIATION_PROBLEMS.notYours)
  history(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('itemId', RECORD_ID) itemId: string,
  ): Promise<RemediationHistoryEntry[]> {
    return this.remediation.history(caller, itemId);
  }
}

@ApiTags('remediation')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiProblems(...AUTHENTICATED)
@Controller('me')
export class MyRemediationController {
  constructor(private readonly remediation: RemediationService) {}

  @Get('remediation-items')
  @ApiOperation({ summary: 'Items you own or deputise, across all your organisations' })
  @ZodResponse({ status: HttpStatus.OK, type: RemediationItemPageDto })
  @ApiProblems(P.validation, REMEDIATION_PROBLEMS.cursor)
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() q: RemediationListQueryDto,
  ): Promise<CursorPage<RemediationItemSummary>> {
    return this.remediation.mine(principal.userId, q);
  }
}
