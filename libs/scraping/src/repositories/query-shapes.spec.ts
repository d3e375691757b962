import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { SCRAPING_MODELS } from '../scraping.module';
import { SCRAPE_JOB_QUERY_SHAPES } from './query-shapes';

describe('scrape job and idempotency query shapes', () => {
  it('are each served by a declared index, and every declared index serves one', () => {
    const coverage = checkIndexCoverage(SCRAPE_JOB_QUERY_SHAPES, declaredIndexes(SCRAPING_MODELS));
    expect(coverage.problems).toEqual([]);
    expect(coverage.served.get('scrape_jobs.queuedBefore')).toEqual([
      'scrape_jobs: {"status":1,"createdAt":-1,"_id":-1}',
    ]);
  });
});
