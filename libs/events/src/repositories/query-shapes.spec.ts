import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { EVENT_MODELS } from '../events.module';
import { EVENT_INDEX_EXEMPTIONS, EVENT_QUERY_SHAPES } from './query-shapes';

describe('change event query shapes', () => {
  it('are each served by the index they name, and every declared index serves one', () => {
    expect(
      checkIndexCoverage(EVENT_QUERY_SHAPES, declaredIndexes(EVENT_MODELS), EVENT_INDEX_EXEMPTIONS),
    ).toEqual([]);
  });
});
