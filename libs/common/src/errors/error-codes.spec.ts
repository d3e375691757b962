import { ERROR_CATALOG, ErrorCode } from './error-codes';

const codes = Object.values(ErrorCode);

describe('ErrorCode and ERROR_CATALOG', () => {
  it('has codes at all', () => {
    expect(codes.length).toBeGreaterThan(10);
  });

  it.each(codes)('%s has a catalog entry with a 4xx/5xx status and a title', (code) => {
    const spec = ERROR_CATALOG[code];
    expect(spec).toBeDefined();
    expect(Number.isInteger(spec.status)).toBe(true);
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThanOrEqual(599);
    expect(spec.title.trim()).toBe(spec.title);
    expect(spec.title.length).toBeGreaterThan(0);
  });

  it('has no catalog entry without a code', () => {
    expect(Object.keys(ERROR_CATALOG).sort()).toEqual([...codes].sort());
  });

  it('uses unique UPPER_SNAKE strings as codes', () => {
    for (const code of codes) {
      expect(typeof code).toBe('string');
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('names each enum member after its code', () => {
    for (const [member, code] of Object.entries(ErrorCode)) {
      expect(member.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase()).toBe(code);
    }
  });

  it('maps the codes the HTTP layer relies on to their statuses', () => {
    expect(ERROR_CATALOG[ErrorCode.ValidationFailed].status).toBe(400);
    expect(ERROR_CATALOG[ErrorCode.NotFound].status).toBe(404);
    expect(ERROR_CATALOG[ErrorCode.RouteNotFound].status).toBe(404);
    expect(ERROR_CATALOG[ErrorCode.MethodNotAllowed].status).toBe(405);
    expect(ERROR_CATALOG[ErrorCode.DuplicateKey].status).toBe(409);
    expect(ERROR_CATALOG[ErrorCode.InternalError].status).toBe(500);
    expect(ERROR_CATALOG[ErrorCode.DependencyUnavailable].status).toBe(503);
  });
});
