import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it("recognises MongoDB's code 11000 and FerretDB's UNIQUE constraint failure on updates", () => {
    expect(
      isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 })),
    ).toBe(true);
    const ferret = Object.assign(
      new Error("constraint failed: UNIQUE constraint failed: index 't_k_1' (2067)"),
      { code: 1 },
    );
    expect(isDuplicateKeyError(ferret)).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isDuplicateKeyError(Object.assign(new Error('boom'), { code: 1 }))).toBe(false);
    expect(
      isDuplicateKeyError(Object.assign(new Error('UNIQUE constraint failed'), { code: 2 })),
    ).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
    expect(isDuplicateKeyError('E11000')).toBe(false);
  });
});
