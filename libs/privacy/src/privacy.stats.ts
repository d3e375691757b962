import { Injectable } from '@nestjs/common';

/** Running totals that `registerPrivacyMetrics` reads at scrape time. */
export interface PrivacyStatsSnapshot {
  /** Items removed by retention sweeps, per store. */
  retentionRemoved: Record<string, number>;
  /** Items removed by erasures, per store. */
  erasureRemoved: Record<string, number>;
  /** Erasures completed. */
  erasuresCompleted: number;
}

/** Counts of what erasures and retention sweeps removed in this process, per store. */
@Injectable()
export class PrivacyStats {
  private readonly retention: Record<string, number> = {};
  private readonly erasure: Record<string, number> = {};
  private completed = 0;

  recordRetention(store: string, removed: number): void {
    this.retention[store] = (this.retention[store] ?? 0) + removed;
  }

  recordErasure(removed: Record<string, number>): void {
    this.completed += 1;
    for (const [store, count] of Object.entries(removed)) {
      this.erasure[store] = (this.erasure[store] ?? 0) + count;
    }
  }

  snapshot(): PrivacyStatsSnapshot {
    return {
      retentionRemoved: { ...this.retention },
      erasureRemoved: { ...this.erasure },
      erasuresCompleted: this.completed,
    };
  }
}
