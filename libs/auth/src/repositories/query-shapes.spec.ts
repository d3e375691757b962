import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { AUTH_MODELS } from '../auth.module';
import { API_KEY_QUERY_SHAPES } from './query-shapes';

describe('api key query shapes', () => {
  it('are each served by the index they name, and every declared index serves one', () => {
    expect(checkIndexCoverage(API_KEY_QUERY_SHAPES, declaredIndexes(AUTH_MODELS))).toEqual([]);
  });
});
