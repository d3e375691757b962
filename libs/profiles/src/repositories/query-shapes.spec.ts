import { checkIndexCoverage, declaredIndexes } from '@scout/database';
import { PROFILE_MODELS } from '../profiles.module';
import { COMPANY_QUERY_SHAPES, PROFILE_QUERY_SHAPES } from './query-shapes';

describe('profile and company query shapes', () => {
  it('are each served by a declared index, and every declared index serves one', () => {
    const coverage = checkIndexCoverage(
      [...PROFILE_QUERY_SHAPES, ...COMPANY_QUERY_SHAPES],
      declaredIndexes(PROFILE_MODELS),
    );
    expect(coverage.problems).toEqual([]);
  });

  it('serve every list filter under both sorts through an ESR index', () => {
    const coverage = checkIndexCoverage(PROFILE_QUERY_SHAPES, declaredIndexes(PROFILE_MODELS));
    expect(coverage.served.get('profiles.list.country.byFullName')).toEqual([
      'profiles: {"location.country":1,"fullName":1,"_id":1}',
    ]);
    expect(coverage.served.get('profiles.list.updatedSince.byFullName')).toEqual([
      'profiles: {"fullName":1,"_id":1,"updatedAt":-1}',
    ]);
  });
});
