/**
 * What an API key may do. Kept deliberately coarse: one scope per kind of caller (readers,
 * writers of profile data, requesters of scrapes, readers and erasers of people's data — export,
 * receipts; erasure), plus `admin`, which implies all of them.
 */
export const SCOPES = [
  'profiles:read',
  'profiles:write',
  'scrape:write',
  'privacy:read',
  'privacy:write',
  'admin',
] as const;

/** One permission an API key can hold. */
export type Scope = (typeof SCOPES)[number];

/** Whether `value` names a scope. */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Whether a key holding `held` may use a route that requires `required`; `admin` implies all. */
export function grants(held: readonly string[], required: Scope): boolean {
  return held.includes('admin') || held.includes(required);
}

/**
 * Parses a comma-separated scope list (`profiles:read, scrape:write`) into unique scopes, in
 * the catalog's order, plus whatever was not a scope, so callers can reject it by name.
 */
export function parseScopes(list: string): { scopes: Scope[]; unknown: string[] } {
  const items = list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return {
    scopes: SCOPES.filter((scope) => items.includes(scope)),
    unknown: [...new Set(items.filter((item) => !isScope(item)))],
  };
}
