import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it("recognises MongoDB's code 11000 and FerretDB's unique violations on updates", () => {
    expect(
      isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 })),
    ).toBe(true);
    const ferret = Object.assign(
      new Error("constraint failed: UNIQUE constraint failed: index 't_k_1' (2067)"),
      { code: 1 },
    );
    expect(isDuplicateKeyError(ferret)).toBe(true);
    // The same clash on FerretDB's PostgreSQL backend, as v1.24.2 reports it.
    const onPostgres = Object.assign(
      new Error(
        '[collection.go:218 postgresql.(*collection).UpdateAll.func1] ERROR: duplicate key value ' +
          'violates unique constraint "p_f50c43ef_k___b473697a_idx" (SQLSTATE 23505)',
      ),
      { code: 1 },
    );
    expect(isDuplicateKeyError(onPostgres)).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isDuplicateKeyError(Object.assign(new Error('boom'), { code: 1 }))).toBe(false);
    expect(
      isDuplicateKeyError(Object.assign(new Error('UNIQUE constraint failed'), { code: 2 })),
    ).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
    expect(
      isDuplicateKeyError(Object.assign(new Error('deadlock (SQLSTATE 40P01)'), { code: 1 })),
    ).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
    expect(isDuplicateKeyError('E11000')).toBe(false);
  });
});
