export { JobProcessingModule } from './job-processing.module';
export { PROCESSORS } from './processors';
export { WorkerRuntime } from './worker-runtime.service';
export { ReportPruneProcessor } from './report-prune.processor';
