import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';

/** Where a page ended: the sort key values and the id of the last item returned. */
export type CursorPosition = Array<string | number>;

const SEPARATOR = '.';

function invalid(): DomainError {
  return new DomainError(
    ErrorCode.InvalidCursor,
    'The cursor is not valid for this list; start again without a cursor.',
  );
}

/**
 * Opaque, tamper-proof pagination cursors. The position is signed together with a scope (the
 * list, its sort and its filters), so a client can neither edit a cursor nor carry one over to
 * another list or query; either attempt is a 400 INVALID_CURSOR, never a wrong page.
 *
 * The secret rotates: the codec holds a list, newest first. New cursors are signed with the
 * newest; a cursor signed with an older one stays valid until that secret leaves the list, so
 * clients paging through a list during a rotation never lose their place.
 */
export class CursorCodec {
  private readonly secrets: readonly string[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('CursorCodec needs at least one secret');
    this.secrets = [...secrets];
  }

  encode(scope: string, position: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}${SEPARATOR}${this.sign(this.secrets[0], scope, payload)}`;
  }

  decode(scope: string, cursor: string): CursorPosition {
    const [payload, signature, extra] = cursor.split(SEPARATOR);
    if (!payload || !signature || extra !== undefined) throw invalid();
    const given = Buffer.from(signature);
    const signed = this.secrets.some((secret) => {
      const expected = Buffer.from(this.sign(secret, scope, payload));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) throw invalid();
    try {
      const position: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (
        Array.isArray(position) &&
        position.every((v) => typeof v === 'string' || typeof v === 'number')
      ) {
        return position;
      }
    } catch {
      // fall through: a signed but unreadable payload is still invalid
    }
    throw invalid();
  }

  private sign(secret: string, scope: string, payload: string): string {
    return createHmac('sha256', secret).update(`${scope}\n${payload}`).digest('base64url');
  }
}
