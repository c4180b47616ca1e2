import { Module } from '@nestjs/common';
import { JobsModule } from '@aup/jobs';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** GET /metrics (public like /health; restrict it at the network edge). */
@Module({
  imports: [JobsModule],
  controllers: [MetricsController],
  providers: [HttpMetrics, MetricsService],
  exports: [HttpMetrics],
})
export class MetricsModule {}
