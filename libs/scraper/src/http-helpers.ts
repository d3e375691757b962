import { OutboundTargetRefusedError } from '@scout/common';
import { FailureKind, ScrapeError } from './scrape-error';
import type { Response } from 'undici';
import type { SiteConnections } from './site-connections';

/** Statuses whose `Location` the sources may follow (each only within the configured site). */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The first `code` (ECONNREFUSED, UND_ERR_SOCKET, …) along an error's cause chain. Duck-typed:
 * fetch's errors may come from another realm (jest's VM context), where `instanceof` fails.
 */
export function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause, errors } = current as {
      code?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') return code;
    current = cause ?? (Array.isArray(errors) ? (errors as unknown[])[0] : undefined);
  }
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'unknown';
}

/** The outbound guard's refusal along an error's cause chain, if the connection was refused. */
function refusalOf(error: unknown): OutboundTargetRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof OutboundTargetRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * One GET to the profile site as both sources make it, through the site's pinned connections:
 * redirects are returned, not followed (each source checks a `Location` against the site
 * itself). A site name that resolves to a non-public address while those are not allowed is
 * INVALID_TARGET (nothing was sent; retrying would meet the same answer); a name that does not
 * resolve, and any other network failure, is a TRANSIENT ScrapeError whose message `describe`
 * words from the error's code. An abort is rethrown as is, for the timeout policy.
 */
export async function fetchManual(
  connections: SiteConnections,
  url: string,
  signal: AbortSignal,
  headers: Record<string, string>,
  describe: (code: string) => string,
): Promise<Response> {
  try {
    return await connections.get(url, signal, headers);
  } catch (error) {
    if (signal.aborted) throw error;
    const refusal = refusalOf(error);
    if (refusal?.reason === 'private-address') {
      throw new ScrapeError(
        FailureKind.InvalidTarget,
        `${refusal.hostname} resolves to a non-public address, and private addresses are not allowed`,
        { cause: error },
      );
    }
    const code = refusal ? 'ENOTFOUND' : networkCode(error);
    throw new ScrapeError(FailureKind.Transient, describe(code), { cause: error });
  }
}

/** Drops a body we will not read, so the connection is released. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** Decodes by the declared charset, UTF-8 when absent or unknown. */
export function decode(bytes: Buffer, contentType: string | null): string {
  const charset = /charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
