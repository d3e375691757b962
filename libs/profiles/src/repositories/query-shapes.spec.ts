import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { PROFILE_MODELS } from '../profiles.module';
import { COMPANY_QUERY_SHAPES, PROFILE_QUERY_SHAPES } from './query-shapes';

describe('profile and company query shapes', () => {
  const shapes = [...PROFILE_QUERY_SHAPES, ...COMPANY_QUERY_SHAPES];

  it('are each served by the index they name, and every declared index serves one', () => {
    expect(checkIndexCoverage(shapes, declaredIndexes(PROFILE_MODELS))).toEqual([]);
  });

  it('cover every list filter under both sorts', () => {
    const lists = shapes.filter((shape) => shape.name.startsWith('profiles.list.'));
    expect(lists.map((shape) => shape.name)).toHaveLength(12);
    const searches = lists.filter((shape) => shape.sortInMemory);
    expect(searches.map((shape) => shape.name)).toEqual([
      'profiles.list.search.byUpdated',
      'profiles.list.search.byFullName',
    ]);
  });
});
