import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Reminders in the app, the organisation webhook and its delivery log, dead-letter jobs. */
@Module({
  imports: [DatabaseModule, JobsModule, AuditTrailModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
})
export class NotificationsModule {}
