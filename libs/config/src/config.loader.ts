import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, ENV_BINDINGS, type ScoutSettings } from './config.schema';

type PlainObject = Record<string, unknown>;

/** Where the settings come from; tests pass their own env instead of mutating `process.env`. */
export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  configDir?: string;
}

/**
 * Thrown when settings are missing or invalid. Carries one readable line per problem so the
 * process can print them and exit without a stack trace; no line ever contains a value.
 */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(target: PlainObject, source: PlainObject): PlainObject {
  const out: PlainObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function readYaml(file: string, problems: string[]): PlainObject {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (parsed === null || parsed === undefined) return {};
    if (!isPlainObject(parsed)) {
      problems.push(`${file}: must hold a mapping of settings`);
      return {};
    }
    return parsed;
  } catch (error) {
    problems.push(`${file}: not valid YAML (${(error as Error).name})`);
    return {};
  }
}

function setPath(target: PlainObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = isPlainObject(next) ? next : (node[key] = {});
  }
  node[keys[keys.length - 1]] = value;
}

function getPath(source: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = source;
  for (const key of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[String(key)];
  }
  return node;
}

function convert(raw: string, kind: 'string' | 'int' | 'number' | 'bool' | 'list'): unknown {
  const text = raw.trim();
  if (kind === 'list')
    return text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  if (kind === 'int') return /^-?\d+$/.test(text) ? Number(text) : text;
  if (kind === 'number') return /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : text;
  if (kind === 'bool') {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    return text;
  }
  return text;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && Number.isInteger(value)) return 'an integer';
  return `a ${typeof value}`;
}

/**
 * Builds Scout's settings: `config/default.yaml`, then `config/<NODE_ENV>.yaml`, then
 * environment variables, validated once. Called before Nest starts so a bad setting never
 * gets as far as opening a connection.
 */
export function loadConfig(options: LoadConfigOptions = {}): ScoutSettings {
  const env = options.env ?? process.env;
  const configDir = resolve(
    options.configDir ?? env.SCOUT_CONFIG_DIR ?? join(process.cwd(), 'config'),
  );
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';

  let merged = readYaml(join(configDir, 'default.yaml'), problems);
  merged = deepMerge(merged, readYaml(join(configDir, `${nodeEnv}.yaml`), problems));
  setPath(merged, 'app.env', nodeEnv);
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env];
    if (raw !== undefined && raw !== '') setPath(merged, binding.path, convert(raw, binding.kind));
  }

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join('.');
      const binding = ENV_BINDINGS.find((b) => b.path === path);
      const name = binding ? `${binding.env} (${path})` : path;
      problems.push(`${name}: ${issue.message}; got ${describeType(getPath(merged, issue.path))}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigValidationError(problems);
  return result.data;
}

/**
 * For `main.ts`: load the settings or stop the process with one readable line per problem
 * and exit code 1 — no stack trace, no secret values.
 */
export function loadConfigOrExit(options: LoadConfigOptions = {}): ScoutSettings {
  try {
    return loadConfig(options);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
