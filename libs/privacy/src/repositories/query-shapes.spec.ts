import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { PRIVACY_MODELS } from '../privacy.module';
import { ERASURE_REQUEST_QUERY_SHAPES, SUPPRESSION_QUERY_SHAPES } from './query-shapes';

describe('privacy query shapes', () => {
  it('are each served by the index they name, and every declared index serves one', () => {
    const shapes = [...SUPPRESSION_QUERY_SHAPES, ...ERASURE_REQUEST_QUERY_SHAPES];
    expect(checkIndexCoverage(shapes, declaredIndexes(PRIVACY_MODELS))).toEqual([]);
  });
});
