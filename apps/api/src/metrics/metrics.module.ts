import { Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** GET /metrics (public like /health; restrict it at the network edge). Needs JobsModule (global). */
@Module({
  controllers: [MetricsController],
  providers: [HttpMetrics, MetricsService],
  exports: [HttpMetrics],
})
export class MetricsModule {}
