export { ERASURE_ORDER, ErasureParticipants } from './erasure-participants';
export { ErasureEvents } from './erasure-events';
export { ErasureService } from './erasure.service';
export { type ExportSource, ExportService, type PersonExport } from './export.service';
export { NO_PERSONAL_DATA } from './participants/collection-scan.participant';
export { normalizePublicId, normalizeUrl } from './person-hasher';
export { PrivacyMaintenance, type PrivacyMaintenanceResult } from './privacy-maintenance';
export { PRIVACY_MODELS, PrivacyModule } from './privacy.module';
export { registerPrivacyMetrics } from './privacy.metrics';
export { PrivacyStats, type PrivacyStatsSnapshot } from './privacy.stats';
export {
  ERASURE_STATES,
  ErasureDeferredError,
  type ErasureParticipant,
  type ErasureReceipt,
  type ErasureState,
  type ErasureSubject,
} from './privacy.types';
export type { HistoryEntry, ScrapeJobEntry } from './repositories/personal-data.repository';
export {
  ERASURE_REQUEST_QUERY_SHAPES,
  SUPPRESSION_QUERY_SHAPES,
} from './repositories/query-shapes';
export { RETENTION_STORES, type RetentionStore, RetentionService } from './retention.service';
export { SuppressionService } from './suppression.service';
