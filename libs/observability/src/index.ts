export { createRootLogger, REDACTED_PATHS } from './logger.factory';
export { LoggingModule } from './logging.module';
export { RequestLogController } from './request-logging';
export { ThrottledLogger } from './throttled-logger';
