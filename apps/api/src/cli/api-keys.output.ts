import type { ApiKeyView, CreatedApiKey } from '@scout/auth';

/** What `api-keys create` prints: the key once, with what identifies it later. */
export function formatCreated(created: CreatedApiKey, json: boolean): string {
  const { apiKey, key } = created;
  if (json) return JSON.stringify({ ...apiKey, key });
  return [
    `Created API key '${apiKey.name}': id ${apiKey.id}, prefix ${apiKey.prefix}, scopes ${apiKey.scopes.join(',')}.`,
    'Store it now; it cannot be shown again:',
    '',
    `  ${key}`,
    '',
  ].join('\n');
}

/** What `api-keys list` prints: one row per key, never a key or a hash. */
export function formatList(keys: ApiKeyView[], json: boolean): string {
  if (json) return JSON.stringify(keys);
  if (keys.length === 0) return 'No API keys.';
  const header = ['id', 'prefix', 'name', 'scopes', 'created', 'last used', 'revoked'];
  const rows = keys.map((k) => [
    k.id,
    k.prefix,
    k.name,
    k.scopes.join(','),
    k.createdAt,
    k.lastUsedAt ?? '-',
    k.revokedAt ?? '-',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** What `api-keys revoke` prints. */
export function formatRevoked(apiKey: ApiKeyView, wasActive: boolean): string {
  return wasActive
    ? `Revoked API key ${apiKey.prefix} ('${apiKey.name}', id ${apiKey.id}).`
    : `API key ${apiKey.prefix} ('${apiKey.name}', id ${apiKey.id}) was already revoked at ${apiKey.revokedAt ?? '?'}.`;
}
