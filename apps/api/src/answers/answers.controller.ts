import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { AnswerHistoryEntry, AnswerView, BatchAnswersResponse, CommentView } from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { etag, parseIfMatch } from '../common/etag';
import { pathParamDoc, PathParam, RECORD_ID, type PathParamSpec } from '../common/path-param';
import { ProblemException } from '../common/problem';
import { AUDIT_PROBLEMS } from '../audits/audits.controller';
import {
  AnswerHistoryEntryDto,
  AnswerViewDto,
  BatchAnswersResponseDto,
  CommentViewDto,
} from '../audits/dto/audit-response.dto';
import { AnswersService } from './answers.service';
import {
  BatchAnswersDto,
  CreateCommentDto,
  PutAnswerDto,
  QUESTION_ID,
  SendBackDto,
} from './dto/answer-request.dto';
import { RateLimit } from '../auth/rate-limit';

const QUESTION_NOT_FOUND = [404, 'QUESTION.NOT_FOUND', "No such question in the audit's framework"] as const;

/** A question id in a path. One that cannot be a question id names no question: 404, like an unknown one. */
const QUESTION: PathParamSpec<string> = {
  schema: z.string().regex(QUESTION_ID).meta({ example: 'POL-01-Q1' }),
  refuse: () =>
    new ProblemException(
      HttpStatus.NOT_FOUND,
      'QUESTION.NOT_FOUND',
      'No such question',
      "The audit's framework has no such question.",
    ),
};

const ANSWER_PROBLEMS = [
  [
    409,
    'ANSWER.VERSION_CONFLICT',
    'The answer changed since you read it (or exists already); the current answer is in `current`',
  ],
  [422, 'ANSWER.INVALID', 'The value does not fit the question (see `reason`)'],
  [
    422,
    'ANSWER.JUSTIFICATION_REQUIRED',
    '"Not applicable" and compensating-control answers need a justification',
  ],
  [422, 'QUESTION.NOT_APPLICABLE', "The question is not shown for the organisation's profile"],
  [422, 'EVIDENCE.INVALID_LOCATION', 'A link evidence reference needs an http(s) URL'],
  [422, 'EVIDENCE.OWNER_NOT_MEMBER', 'The evidence owner is not a member'],
] as const;

@ApiTags('answers')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/audits/:auditId/answers')
export class AnswersController {
  constructor(private readonly answers: AnswersService) {}

  @Put(':questionId')
  @Roles('admin', 'compliance_officer', 'respondent')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The answer version you read (its ETag). Omit only when the question has no answer yet.',
  })
  @ApiOperation({
    summary: 'Save one answer (full replacement; omitted fields are cleared)',
    description:
      'Free text is screened: no URLs, e-mail addresses, hashes or encoded data. Evidence is a reference, never a file.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AnswerViewDto, description: 'ETag is its new version' })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.ifMatch,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.notAssigned,
    AUDIT_PROBLEMS.content,
    QUESTION_NOT_FOUND,
    ...ANSWER_PROBLEMS,
    [
      409,
      'ANSWER.CONTEXT_CHANGED',
      "The organisation's profile kept changing while the answer was saved; nothing was saved, send it again",
    ],
  )
  async put(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('questionId', QUESTION) questionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutAnswerDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnswerView> {
    const view = await this.answers.put(caller, auditId, questionId, parseIfMatch(ifMatch), dto);
    void reply.header('etag', etag(view.version));
    return view;
  }

  @Post()
  @Roles('admin', 'compliance_officer', 'respondent')
  @RateLimit('answers_batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Save several answers at once: all or nothing',
    description:
      'Each item carries the version it was based on. Any refused item refuses the batch, with per-item `errors`.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: BatchAnswersResponseDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.locked,
    [403, 'ANSWER.BATCH_REJECTED', 'An item is in a section not assigned to you (see errors)'],
    [422, 'ANSWER.BATCH_REJECTED', 'Items were refused (see errors: code, pointer per item)'],
    [409, 'ANSWER.VERSION_CONFLICT', 'Items changed since you read them (see errors with `current`)'],
  )
  async batch(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @Body() dto: BatchAnswersDto,
  ): Promise<BatchAnswersResponse> {
    return { answers: await this.answers.batch(caller, auditId, dto.answers) };
  }

  @Get(':questionId/history')
  @ApiOperation({ summary: 'Every saved version of an answer, oldest first, with who and when' })
  @ZodResponse({ status: HttpStatus.OK, type: [AnswerHistoryEntryDto] })
  @ApiProblems(AUDIT_PROBLEMS.notAssigned, QUESTION_NOT_FOUND)
  history(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('questionId', QUESTION) questionId: string,
  ): Promise<AnswerHistoryEntry[]> {
    return this.answers.history(caller, auditId, questionId);
  }

  @Get(':questionId/comments')
  @ApiOperation({ summary: 'Reviewer comments on a question, oldest first' })
  @ZodResponse({ status: HttpStatus.OK, type: [CommentViewDto] })
  @ApiProblems(AUDIT_PROBLEMS.notAssigned, QUESTION_NOT_FOUND)
  comments(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('questionId', QUESTION) questionId: string,
  ): Promise<CommentView[]> {
    return this.answers.comments(caller, auditId, questionId);
  }

  @Post(':questionId/comments')
  @Roles('admin', 'compliance_officer', 'respondent')
  @ApiOperation({ summary: 'Comment on a question (reviewers ask, respondents reply); screened free text' })
  @ZodResponse({ status: HttpStatus.CREATED, type: CommentViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.notAssigned,
    AUDIT_PROBLEMS.content,
    QUESTION_NOT_FOUND,
  )
  addComment(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('questionId', QUESTION) questionId: string,
    @Body() dto: CreateCommentDto,
  ): Promise<CommentView> {
    return this.answers.addComment(caller, auditId, questionId, dto.body);
  }

  @Post(':questionId/send-back')
  @Roles('admin', 'compliance_officer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Review: send one answer back to its respondent as "needs changes", with a comment',
    description:
      'Only while the audit is in_review, where answers are locked: the answer sent back is the one the respondent can change; once saved it is locked again.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AnswerViewDto })
  @ApiProblems(
    P.validation,
    AUDIT_PROBLEMS.locked,
    AUDIT_PROBLEMS.invalidTransition,
    AUDIT_PROBLEMS.content,
    QUESTION_NOT_FOUND,
  )
  sendBack(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
    @PathParam('questionId', QUESTION) questionId: string,
    @Body() dto: SendBackDto,
  ): Promise<AnswerView> {
    return this.answers.sendBack(caller, auditId, questionId, dto.comment);
  }
}
