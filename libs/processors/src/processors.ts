import { MailSendProcessor } from './mail-send.processor';
import { OutboxPruneProcessor } from './outbox-prune.processor';
import { PingProcessor } from './ping.processor';
import { PolicyDocumentRenderProcessor } from './policy-document-render.processor';
import {
  PolicyModelRefreshOrgProcessor,
  PolicyModelRefreshProcessor,
} from './policy-model-refresh.processor';
import { ReportPruneProcessor } from './report-prune.processor';
import { ReportRenderProcessor } from './report-render.processor';

import { NotificationDigestProcessor } from './notification-digest.processor';
import { NotificationWebhookProcessor } from './notification-webhook.processor';
import { RemediationScanOrgProcessor, RemediationScanProcessor } from './remediation-scan.processor';

/** Every job processor; the worker checks at start that they match the job catalogue one to one. */
export const PROCESSORS = [
  PingProcessor,
  OutboxPruneProcessor,
  MailSendProcessor,
  ReportRenderProcessor,
  ReportPruneProcessor,
  PolicyDocumentRenderProcessor,
  RemediationScanProcessor,
  RemediationScanOrgProcessor,
  PolicyModelRefreshProcessor,
  PolicyModelRefreshOrgProcessor,
  NotificationDigestProcessor,
  NotificationWebhookProcessor,
];
