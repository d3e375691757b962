import { DomainError } from '../errors/domain-error';
import { CursorCodec } from './cursor.codec';

const A = 'cursor-secret-a-of-at-least-32-characters';
const B = 'cursor-secret-b-of-at-least-32-characters';
const SCOPE = 'profiles|updatedAt:desc|';
const POSITION = ['2026-12-06T10:00:00.000Z', '6752f3c5c3b4d5e6f7a8d1e2'];

function decodeError(codec: CursorCodec, cursor: string, scope = SCOPE): unknown {
  try {
    codec.decode(scope, cursor);
  } catch (error) {
    return error;
  }
  throw new Error('expected decode to throw');
}

describe('CursorCodec', () => {
  it('round-trips a position within its scope', () => {
    const codec = new CursorCodec([A]);
    expect(codec.decode(SCOPE, codec.encode(SCOPE, POSITION))).toEqual(POSITION);
  });

  it('refuses an edited cursor or one from another scope as INVALID_CURSOR', () => {
    const codec = new CursorCodec([A]);
    const cursor = codec.encode(SCOPE, POSITION);
    const edited = `${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}.${cursor.split('.')[1]}`;
    for (const error of [decodeError(codec, edited), decodeError(codec, cursor, 'companies|')]) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_CURSOR');
    }
  });

  it('signs new cursors with the newest secret only', () => {
    const rotated = new CursorCodec([B, A]);
    const cursor = rotated.encode(SCOPE, POSITION);
    expect(new CursorCodec([B]).decode(SCOPE, cursor)).toEqual(POSITION);
    expect((decodeError(new CursorCodec([A]), cursor) as DomainError).code).toBe('INVALID_CURSOR');
  });

  it('accepts a cursor signed with an older secret while that secret is listed, not after', () => {
    const cursor = new CursorCodec([A]).encode(SCOPE, POSITION);
    expect(new CursorCodec([B, A]).decode(SCOPE, cursor)).toEqual(POSITION);
    expect((decodeError(new CursorCodec([B]), cursor) as DomainError).code).toBe('INVALID_CURSOR');
  });

  it('cannot be built without a secret', () => {
    expect(() => new CursorCodec([])).toThrow();
  });
});
