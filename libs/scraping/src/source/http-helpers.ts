import { FailureKind, ScrapeError } from '@scout/resilience';

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

/**
 * One GET to the profile site as both sources make it: redirects are returned, not followed
 * (each source checks a `Location` against the site itself), and a network failure becomes a
 * TRANSIENT ScrapeError whose message `describe` words from the error's code. An abort is
 * rethrown as is, for the timeout policy.
 */
export async function fetchManual(
  url: string,
  signal: AbortSignal,
  headers: Record<string, string>,
  describe: (code: string) => string,
): Promise<Response> {
  try {
    return await fetch(url, { method: 'GET', redirect: 'manual', signal, headers });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ScrapeError(FailureKind.Transient, describe(networkCode(error)), { cause: error });
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
