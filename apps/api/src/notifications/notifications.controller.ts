import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type {
  FailedJobView,
  NotificationView,
  Page,
  WebhookDeliveryView,
  WebhookSettingsView,
} from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_PROBLEMS,
  parseIdempotencyKey,
  type IdempotentResult,
} from '../common/idempotency';
import { NotificationListQueryDto, PutWebhookDto } from './dto/notifications.dto';
import {
  FailedJobViewDto,
  JobIdDto,
  MarkedDto,
  NotificationPageDto,
  UnreadCountDto,
  WebhookDeliveryViewDto,
  WebhookSettingsViewDto,
} from './dto/notification-views.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Your reminders in this organisation, newest first, with the unread count' })
  @ZodResponse({ status: HttpStatus.OK, type: NotificationPageDto })
  @ApiProblems(P.validation)
  list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() q: NotificationListQueryDto,
  ): Promise<Page<NotificationView> & { unread: number }> {
    return this.notifications.list(caller, q);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of your reminders you have not read (for the bell)' })
  @ZodResponse({ status: HttpStatus.OK, type: UnreadCountDto })
  unreadCount(@CurrentMembership() caller: CurrentMembershipInfo): Promise<{ unread: number }> {
    return this.notifications.unreadCount(caller);
  }

  @Post('notifications/read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all your reminders read' })
  @ZodResponse({ status: HttpStatus.OK, type: MarkedDto })
  readAll(@CurrentMembership() caller: CurrentMembershipInfo): Promise<{ marked: number }> {
    return this.notifications.markRead(caller);
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of your reminders read' })
  @ZodResponse({ status: HttpStatus.OK, type: MarkedDto })
  read(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('notificationId', RECORD_ID) notificationId: string,
  ): Promise<{ marked: number }> {
    return this.notifications.markRead(caller, notificationId);
  }

  @Get('webhook')
  @Roles('admin')
  @ApiOperation({ summary: "The organisation's reminder webhook (the secret is never shown again)" })
  @ZodResponse({ status: HttpStatus.OK, type: WebhookSettingsViewDto })
  webhook(@CurrentMembership() caller: CurrentMembershipInfo): Promise<WebhookSettingsView> {
    return this.notifications.webhook(caller);
  }

  @Put('webhook')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set the webhook URL (HTTPS); the first time, or with rotateSecret, the answer carries the signing secret once',
  })
  @ZodResponse({ status: HttpStatus.OK, type: WebhookSettingsViewDto })
  @ApiProblems(P.validation, [422, 'WEBHOOK.URL_NOT_ACCEPTED', 'Not an https:// URL, or credentials in it'])
  putWebhook(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Body() dto: PutWebhookDto,
  ): Promise<WebhookSettingsView> {
    return this.notifications.putWebhook(caller, dto);
  }

  @Post('webhook/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('admin')
  @ApiOperation({
    summary: 'Send a signed test event to the webhook (through the outbox; see the delivery log)',
    description:
      'The same Idempotency-Key gives the same answer (with `Idempotent-Replayed: true`) and sends nothing again.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ZodResponse({ status: HttpStatus.ACCEPTED, type: JobIdDto })
  @ApiProblems(
    [409, 'WEBHOOK.NOT_CONFIGURED', 'No enabled webhook'],
    IDEMPOTENCY_PROBLEMS.invalid,
    IDEMPOTENCY_PROBLEMS.reused,
  )
  async testWebhook(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ jobId: string }> {
    const key = parseIdempotencyKey(idempotencyKey);
    return replayed(reply, await this.notifications.testWebhook(caller, key));
  }

  @Get('webhook/deliveries')
  @Roles('admin')
  @ApiOperation({ summary: 'The last 100 webhook delivery attempts, newest first' })
  @ZodResponse({ status: HttpStatus.OK, type: [WebhookDeliveryViewDto] })
  deliveries(@CurrentMembership() caller: CurrentMembershipInfo): Promise<WebhookDeliveryView[]> {
    return this.notifications.deliveries(caller);
  }

  @Get('failed-jobs')
  @Roles('admin')
  @ApiOperation({ summary: "The organisation's background jobs that failed for good (dead letters)" })
  @ZodResponse({ status: HttpStatus.OK, type: [FailedJobViewDto] })
  failedJobs(@CurrentMembership() caller: CurrentMembershipInfo): Promise<FailedJobView[]> {
    return this.notifications.failedJobs(caller);
  }

  @Post('failed-jobs/:jobId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('admin')
  @ApiOperation({
    summary: 'Queue a dead letter again (a new job; the old one links to it)',
    description:
      'The same Idempotency-Key for the same job gives the same new job (with `Idempotent-Replayed: true`) and queues nothing again.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ZodResponse({ status: HttpStatus.ACCEPTED, type: JobIdDto })
  @ApiProblems(IDEMPOTENCY_PROBLEMS.invalid, IDEMPOTENCY_PROBLEMS.reused)
  async retry(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('jobId', RECORD_ID) jobId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ jobId: string }> {
    const key = parseIdempotencyKey(idempotencyKey);
    return replayed(reply, await this.notifications.retryFailedJob(caller, jobId, key));
  }
}

/** The answer, marked `Idempotent-Replayed: true` when an earlier request with the key gave it. */
function replayed<T>(reply: FastifyReply, r: IdempotentResult<T>): T {
  if (r.replayed) void reply.header('idempotent-replayed', 'true');
  return r.answer;
}
