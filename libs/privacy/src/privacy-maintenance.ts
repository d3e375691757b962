import { Injectable } from '@nestjs/common';
import { ErasureService } from './erasure.service';
import { type RetentionStore, RetentionService } from './retention.service';

/** What one maintenance run did for people's data (counts only: it is kept as the job's result). */
export interface PrivacyMaintenanceResult {
  erasuresResumed: number;
  erasuresCompleted: number;
  retention: Record<RetentionStore, number>;
}

/**
 * People's-data upkeep for the maintenance queue: pending erasures resumed, then the retention
 * sweep. One entry point, so the worker's processor calls one method.
 */
@Injectable()
export class PrivacyMaintenance {
  constructor(
    private readonly erasures: ErasureService,
    private readonly retention: RetentionService,
  ) {}

  async run(): Promise<PrivacyMaintenanceResult> {
    const { resumed, completed } = await this.erasures.resumePending();
    const retention = await this.retention.sweep();
    return { erasuresResumed: resumed, erasuresCompleted: completed, retention };
  }
}
