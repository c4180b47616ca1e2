export { PolicyModelRefreshModule } from './policy-model-refresh.module';
export { PolicyModelRefresh, type RefreshOptions } from './policy-model-refresh';
export { PolicyTemplates } from './policy-templates';
