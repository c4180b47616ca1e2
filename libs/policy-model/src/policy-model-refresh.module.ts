import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { PolicyGapItems } from './policy-gap-items';
import { PolicyModelRefresh } from './policy-model-refresh';
import { PolicyTemplates } from './policy-templates';

/**
 * What the api and the worker both need of the policy model: the templates of the latest framework
 * version and the refresh of an organisation's figures and gap items. The api's policy-model and
 * organisation modules import it; so does job processing (the daily refresh).
 */
@Module({
  imports: [DatabaseModule],
  providers: [PolicyTemplates, PolicyGapItems, PolicyModelRefresh],
  exports: [PolicyTemplates, PolicyModelRefresh],
})
export class PolicyModelRefreshModule {}
