import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { SCRAPING_MODELS } from '../scraping.module';
import { SCRAPE_JOB_QUERY_SHAPES } from './query-shapes';

describe('scrape job and idempotency query shapes', () => {
  it('are each served by the index they name, and every declared index serves one', () => {
    expect(checkIndexCoverage(SCRAPE_JOB_QUERY_SHAPES, declaredIndexes(SCRAPING_MODELS))).toEqual(
      [],
    );
  });
});
