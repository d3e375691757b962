import { DomainError, ErrorCode } from '@scout/common';

/** Errors the scraping domain raises, with details that never echo personal data. */
export const ScrapingErrors = {
  jobNotFound: (id: string) =>
    new DomainError(ErrorCode.NotFound, `No scrape job has the id '${id.slice(0, 100)}'.`),
  jobRunning: () =>
    new DomainError(ErrorCode.JobRunning, 'The job is running and cannot be cancelled.'),
  conflict: (detail: string) => new DomainError(ErrorCode.Conflict, detail),
};
