import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DatabaseModule } from '@aup/db';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { MailModule } from '../mail/mail.module';
import { ApiTokenService } from './api-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthenticationService } from './authentication.service';
import { ErasureService } from './erasure.service';
import { LoginThrottleService } from './login-throttle.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { MfaSecretBox } from './mfa-secret-box';
import { MfaService } from './mfa.service';
import { OrganisationGuard } from './organisation.guard';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import { RateLimitGuard, RateLimitService } from './rate-limit';

/**
 * Accounts and the two global guards, in this order: AuthGuard (who is calling) then OrganisationGuard
 * (their membership of `:orgId`, and @Roles). Feature modules need not import anything to be guarded.
 */
@Module({
  imports: [DatabaseModule, AuditTrailModule, MailModule],
  controllers: [AuthController, MeController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: OrganisationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    RateLimitService,
    AuthenticationService,
    AuthService,
    ApiTokenService,
    ErasureService,
    LoginThrottleService,
    MeService,
    MfaService,
    MfaSecretBox,
    PasswordService,
    SessionService,
  ],
  exports: [ErasureService, PasswordService, SessionService, LoginThrottleService],
})
export class AuthModule {}
