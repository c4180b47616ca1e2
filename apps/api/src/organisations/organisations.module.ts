import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { PolicyModelRefreshModule } from '@aup/policy-model';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { InvitationAcceptController, InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

/** Organisations (profile), members and roles, invitations. Guarded by the global guards of AuthModule. */
@Module({
  imports: [DatabaseModule, AuditTrailModule, MailModule, AuthModule, PolicyModelRefreshModule],
  controllers: [
    OrganisationsController,
    MembersController,
    InvitationsController,
    InvitationAcceptController,
  ],
  providers: [OrganisationsService, MembersService, InvitationsService],
})
export class OrganisationsModule {}
