import type { IncomingHttpHeaders } from 'node:http';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function withId(value: IncomingHttpHeaders[string]): IncomingHttpHeaders {
  return { [REQUEST_ID_HEADER]: value };
}

describe('resolveRequestId', () => {
  it('reads the x-request-id header', () => {
    expect(REQUEST_ID_HEADER).toBe('x-request-id');
  });

  it.each([
    ['abc-123'],
    ['3b0c8a4e-7f1d-4c52-9a55-1b8e4f0c2d11'],
    ['svc.api_v1-req.42'],
    ['a'],
    ['A'.repeat(128)],
  ])('keeps the safe id %s', (id) => {
    expect(resolveRequestId(withId(id))).toBe(id);
  });

  it.each([
    ['with spaces', 'abc 123'],
    ['with a newline (log injection)', 'abc\n{"level":"fatal"}'],
    ['with a carriage return', 'abc\r'],
    ['of 129 characters', 'A'.repeat(129)],
    ['empty', ''],
    ['non-ASCII', 'réquest'],
    ['with a slash', '../etc'],
    ['with a colon', 'id:1'],
  ])('replaces an id %s with a fresh UUID', (_label, id) => {
    const resolved = resolveRequestId(withId(id));
    expect(resolved).toMatch(UUID);
    expect(resolved).not.toBe(id);
  });

  it('replaces a repeated header (an array) with a UUID', () => {
    expect(resolveRequestId(withId(['abc', 'def']))).toMatch(UUID);
  });

  it('generates a UUID when the header is missing, a different one each time', () => {
    const first = resolveRequestId({});
    const second = resolveRequestId({ host: 'example.com' });
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });
});
