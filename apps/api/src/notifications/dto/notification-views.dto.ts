import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  FailedJobView,
  NotificationView,
  Page,
  WebhookDeliveryView,
  WebhookSettingsView,
} from '@aup/contracts';
import { REMINDER_THRESHOLDS, type ReminderThreshold } from '@aup/domain';

/* Response schemas of the notification, webhook and dead-letter routes (OpenAPI only). */

export class NotificationViewDto implements NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ enum: REMINDER_THRESHOLDS }) threshold: ReminderThreshold;
  @ApiProperty({ format: 'date', description: 'The date the reminder is about (due date, expiry).' })
  subjectDate: string;
  @ApiProperty({ description: 'Names the item and its date, never content.' }) text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() read: boolean;
}

export class NotificationPageDto implements Page<NotificationView> {
  @ApiProperty({ type: [NotificationViewDto] }) items: NotificationViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ description: 'Your unread reminders in this organisation.' }) unread: number;
}

export class UnreadCountDto {
  @ApiProperty() unread: number;
}

export class MarkedDto {
  @ApiProperty({ description: 'How many reminders were found (and are now read).' }) marked: number;
}

export class JobIdDto {
  @ApiProperty({ format: 'uuid', description: 'The queued job (its outbox row).' }) jobId: string;
}

export class WebhookSettingsViewDto implements WebhookSettingsView {
  @ApiPropertyOptional({ type: String, nullable: true }) url: string | null;
  @ApiProperty() enabled: boolean;
  @ApiPropertyOptional({ description: 'Only in the answer to PUT: the signing secret, shown once.' })
  secret?: string;
  @ApiProperty() version: number;
}

export class WebhookDeliveryViewDto implements WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'reminder' }) event: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) notificationId: string | null;
  @ApiProperty() attempt: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class FailedJobViewDto implements FailedJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'notification.webhook' }) name: string;
  @ApiProperty() queue: string;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) failedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
