import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type {
  FailedJobView,
  NotificationView,
  Page,
  WebhookDeliveryView,
  WebhookSettingsView,
} from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { UuidParamPipe } from '../auth/uuid-param.pipe';
import { NotificationListQueryDto, PutWebhookDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam({ name: 'orgId', format: 'uuid' })
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Your reminders in this organisation, newest first, with the unread count' })
  @ApiOkResponse({ description: 'Page<NotificationView> & { unread }' })
  @ApiProblems(P.validation)
  list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() q: NotificationListQueryDto,
  ): Promise<Page<NotificationView> & { unread: number }> {
    return this.notifications.list(caller, q);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of your reminders you have not read (for the bell)' })
  @ApiOkResponse({ description: '{ unread: number }' })
  unreadCount(@CurrentMembership() caller: CurrentMembershipInfo): Promise<{ unread: number }> {
    return this.notifications.unreadCount(caller);
  }

  @Post('notifications/read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all your reminders read' })
  @ApiOkResponse({ description: '{ marked: number }' })
  readAll(@CurrentMembership() caller: CurrentMembershipInfo): Promise<{ marked: number }> {
    return this.notifications.markRead(caller);
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'notificationId', format: 'uuid' })
  @ApiOperation({ summary: 'Mark one of your reminders read' })
  @ApiOkResponse({ description: '{ marked: 1 }' })
  read(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Param('notificationId', UuidParamPipe) notificationId: string,
  ): Promise<{ marked: number }> {
    return this.notifications.markRead(caller, notificationId);
  }

  @Get('webhook')
  @Roles('admin')
  @ApiOperation({ summary: "The organisation's reminder webhook (the secret is never shown again)" })
  @ApiOkResponse({ description: 'WebhookSettingsView' })
  webhook(@CurrentMembership() caller: CurrentMembershipInfo): Promise<WebhookSettingsView> {
    return this.notifications.webhook(caller);
  }

  @Put('webhook')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set the webhook URL (HTTPS); the first time, or with rotateSecret, the answer carries the signing secret once',
  })
  @ApiOkResponse({ description: 'WebhookSettingsView' })
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
  })
  @ApiAcceptedResponse({ description: '{ jobId }' })
  @ApiProblems([409, 'WEBHOOK.NOT_CONFIGURED', 'No enabled webhook'])
  testWebhook(@CurrentMembership() caller: CurrentMembershipInfo): Promise<{ jobId: string }> {
    return this.notifications.testWebhook(caller);
  }

  @Get('webhook/deliveries')
  @Roles('admin')
  @ApiOperation({ summary: 'The last 100 webhook delivery attempts, newest first' })
  @ApiOkResponse({ description: 'WebhookDeliveryView[]' })
  deliveries(@CurrentMembership() caller: CurrentMembershipInfo): Promise<WebhookDeliveryView[]> {
    return this.notifications.deliveries(caller);
  }

  @Get('failed-jobs')
  @Roles('admin')
  @ApiOperation({ summary: "The organisation's background jobs that failed for good (dead letters)" })
  @ApiOkResponse({ description: 'FailedJobView[]' })
  failedJobs(@CurrentMembership() caller: CurrentMembershipInfo): Promise<FailedJobView[]> {
    return this.notifications.failedJobs(caller);
  }

  @Post('failed-jobs/:jobId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('admin')
  @ApiParam({ name: 'jobId', format: 'uuid' })
  @ApiOperation({ summary: 'Queue a dead letter again (a new job; the old one links to it)' })
  @ApiAcceptedResponse({ description: '{ jobId }' })
  retry(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Param('jobId', UuidParamPipe) jobId: string,
  ): Promise<{ jobId: string }> {
    return this.notifications.retryFailedJob(caller, jobId);
  }
}
