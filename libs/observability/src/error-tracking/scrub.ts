/** Request headers that carry credentials or session state; never sent to error tracking. */
export const SCRUBBED_HEADERS = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
];

/**
 * Keys whose values are a person's data (profile fields) or secrets. Matched case-insensitively
 * anywhere in an event's extra data, contexts and breadcrumbs.
 */
export const SCRUBBED_KEYS = [
  'fullname',
  'firstname',
  'lastname',
  'name',
  'headline',
  'summary',
  'location',
  'experiences',
  'education',
  'skills',
  'email',
  'phone',
  'password',
  'secret',
  'token',
  'apikey',
];

/** Contexts the SDK fills from the process (runtime, OS, trace): not user data, kept as they are. */
const SDK_CONTEXTS = new Set([
  'trace',
  'runtime',
  'os',
  'app',
  'device',
  'culture',
  'cloud_resource',
]);

const REDACTED = '[Redacted]';
/** `scheme://user:password@` in a message, e.g. a driver error quoting its connection string. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
const MAX_DEPTH = 8;

/** The parts of a Sentry event the scrubber reads and rewrites (structurally typed). */
export interface ScrubbableEvent {
  request?: {
    data?: unknown;
    cookies?: unknown;
    query_string?: unknown;
    headers?: Record<string, string>;
    url?: string;
  };
  user?: unknown;
  exception?: { values?: Array<{ value?: string }> };
  extra?: Record<string, unknown>;
  contexts?: Record<string, unknown>;
  breadcrumbs?: Array<{ data?: Record<string, unknown> }>;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SCRUBBED_KEYS.includes(key.toLowerCase().replace(/[-_]/g, ''))
      ? REDACTED
      : scrubValue(inner, depth + 1);
  }
  return out;
}

/**
 * Removes personal data and credentials from an error event before it leaves the process:
 * request bodies, cookies, query strings and the user go entirely; credential headers are
 * dropped; credentials in URLs quoted by error messages are cut out; profile fields anywhere in
 * extra data, contexts and breadcrumbs are redacted. Scout reports errors, not the people they
 * happened to.
 */
export function scrubEvent<E extends ScrubbableEvent>(event: E): E {
  for (const exception of event.exception?.values ?? []) {
    if (exception.value)
      exception.value = exception.value.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  }
  if (event.request) {
    delete event.request.data;
    delete event.request.cookies;
    delete event.request.query_string;
    if (event.request.url) event.request.url = event.request.url.split('?')[0];
    if (event.request.headers) {
      event.request.headers = Object.fromEntries(
        Object.entries(event.request.headers).filter(
          ([name]) => !SCRUBBED_HEADERS.includes(name.toLowerCase()),
        ),
      );
    }
  }
  delete event.user;
  if (event.extra) event.extra = scrubValue(event.extra, 0) as Record<string, unknown>;
  if (event.contexts) {
    event.contexts = Object.fromEntries(
      Object.entries(event.contexts).map(([name, value]) => [
        name,
        SDK_CONTEXTS.has(name) ? value : scrubValue(value, 0),
      ]),
    );
  }
  if (event.breadcrumbs) {
    event.breadcrumbs = event.breadcrumbs.map((crumb) =>
      crumb.data ? { ...crumb, data: scrubValue(crumb.data, 0) as Record<string, unknown> } : crumb,
    );
  }
  return event;
}
