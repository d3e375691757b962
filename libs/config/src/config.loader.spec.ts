import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig, type LoadConfigOptions } from './config.loader';

const REPO_CONFIG_DIR = join(__dirname, '../../../config');

/** The settings without a default: what the test harness supplies in `test`. */
const REQUIRED_ENV = {
  NODE_ENV: 'test',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/scout-test',
  REDIS_URL: 'redis://127.0.0.1:6379/1',
  CURSOR_SECRET: 'a-cursor-secret-of-at-least-32-characters',
  API_KEY_SECRET: 'an-api-key-secret-of-at-least-32-characters',
  WEBHOOK_SECRET_KEY: 'a-webhook-secret-key-of-at-least-32-characters',
  PRIVACY_SUPPRESSION_SECRET: 'a-suppression-secret-of-at-least-32-characters',
  SCRAPER_BASE_URL: 'https://profiles.example',
};

function loadError(options: LoadConfigOptions): ConfigValidationError {
  try {
    loadConfig(options);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigValidationError');
}

/** Everything a ConfigValidationError could show an operator or a log. */
function everythingShown(error: ConfigValidationError): string {
  return [error.message, String(error), JSON.stringify(error), ...error.problems]
    .join('\n')
    .toLowerCase();
}

describe('loadConfig with the repository config/ directory', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, configDir: REPO_CONFIG_DIR });

  it('takes defaults from default.yaml', () => {
    const config = load(REQUIRED_ENV);
    expect(config.app.name).toBe('scout');
    expect(config.http).toEqual({
      port: 3000,
      host: '0.0.0.0',
      bodyLimitBytes: 1048576,
      docsEnabled: true,
      problemTypeBase: 'urn:scout:problem:',
      corsOrigins: [],
      trustProxy: [],
      requestTimeoutMs: 30000,
      connectionTimeoutMs: 60000,
      headersTimeoutMs: 10000,
      keepAliveTimeoutMs: 72000,
      bodyTimeoutMs: 60000,
      compressionEnabled: true,
      compressionThresholdBytes: 1024,
      slowRequestMs: 1000,
    });
    expect(config.mongo.slowCommandMs).toBe(0);
    expect(config.rateLimit).toMatchObject({ enabled: true, windowMs: 60000, redisTimeoutMs: 50 });
    expect(config.worker.port).toBe(3001);
    expect(config.mongo.maxPoolSize).toBe(20);
    expect(config.mongo.readPreference).toBe('primary');
    expect(config.redis.maxReconnectDelayMs).toBe(2000);
  });

  it('reads list settings from comma-separated variables and rejects a malformed CORS origin', () => {
    const config = load({
      ...REQUIRED_ENV,
      CORS_ORIGINS: 'https://app.scout.example, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(config.http.corsOrigins).toEqual(['https://app.scout.example', 'http://localhost:5173']);
    expect(config.http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => load({ ...REQUIRED_ENV, CORS_ORIGINS: 'https://app.scout.example/path' })).toThrow(
      /http\.corsOrigins\.0: must be an origin/,
    );
  });

  it('reads a Redis topology and refuses combinations that could not work', () => {
    const nodes = 'redis://10.0.0.1:7000,redis://10.0.0.2:7000';
    const cluster = load({ ...REQUIRED_ENV, REDIS_TOPOLOGY: 'cluster', REDIS_URL: nodes });
    expect(cluster.redis).toMatchObject({ topology: 'cluster', url: nodes });
    expect(cluster.queue.prefix).toBe('{scout}:bull');
    expect(
      loadError({ env: { ...REQUIRED_ENV, REDIS_URL: nodes }, configDir: REPO_CONFIG_DIR })
        .problems,
    ).toEqual([expect.stringMatching(/^REDIS_URL \(redis\.url\): one URL only/)]);
    const untagged = {
      ...REQUIRED_ENV,
      REDIS_TOPOLOGY: 'cluster',
      REDIS_URL: nodes,
      QUEUE_PREFIX: 'scout:bull',
    };
    expect(loadError({ env: untagged, configDir: REPO_CONFIG_DIR }).problems).toEqual([
      expect.stringMatching(/^QUEUE_PREFIX \(queue\.prefix\): needs a \{hash tag\}/),
    ]);
    const sentinel = { ...REQUIRED_ENV, REDIS_TOPOLOGY: 'sentinel', REDIS_URL: nodes };
    expect(loadError({ env: sentinel, configDir: REPO_CONFIG_DIR }).problems).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_NAME \(redis\.sentinelName\): required/),
    ]);
    expect(load({ ...sentinel, REDIS_SENTINEL_NAME: 'scout-primary' }).redis.sentinelName).toBe(
      'scout-primary',
    );
  });

  it('lets config/<NODE_ENV>.yaml override default.yaml, keeping the keys it does not set', () => {
    const config = load(REQUIRED_ENV);
    expect(config.app.env).toBe('test');
    expect(config.log.level).toBe('warn');
    expect(config.mongo.autoIndex).toBe(false);
    expect(config.mongo.serverSelectionTimeoutMs).toBe(2000);
    expect(config.shutdown).toEqual({ timeoutMs: 5000, drainDelayMs: 0 });
    // not in test.yaml: still the default
    expect(config.log.pretty).toBe(false);
    expect(config.mongo.maxPoolSize).toBe(20);
  });

  it('falls back to development when NODE_ENV is unset, and reads development.yaml', () => {
    const config = load({});
    expect(config.app.env).toBe('development');
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27017/scout');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379/0');
    expect(config.log.level).toBe('debug');
  });

  it('lets environment variables override both files', () => {
    const config = load({
      ...REQUIRED_ENV,
      LOG_LEVEL: 'error',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '750',
      HOST: '127.0.0.1',
      MONGODB_READ_PREFERENCE: 'secondaryPreferred',
    });
    expect(config.log.level).toBe('error');
    expect(config.mongo.serverSelectionTimeoutMs).toBe(750);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.mongo.readPreference).toBe('secondaryPreferred');
    expect(config.mongo.uri).toBe(REQUIRED_ENV.MONGODB_URI);
  });

  it('converts integer and boolean variables to their types', () => {
    const config = load({
      ...REQUIRED_ENV,
      PORT: '8080',
      WORKER_PORT: ' 9090 ',
      DOCS_ENABLED: 'false',
      LOG_PRETTY: 'yes',
      MONGODB_AUTO_INDEX: '0',
    });
    expect(config.http.port).toBe(8080);
    expect(config.worker.port).toBe(9090);
    expect(config.http.docsEnabled).toBe(false);
    expect(config.log.pretty).toBe(true);
    expect(config.mongo.autoIndex).toBe(false);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['on', true],
    ['false', false],
    ['No', false],
    ['off', false],
  ])('reads DOCS_ENABLED=%s as %s', (raw, expected) => {
    expect(load({ ...REQUIRED_ENV, DOCS_ENABLED: raw }).http.docsEnabled).toBe(expected);
  });

  it('ignores an empty variable instead of treating it as a value', () => {
    expect(load({ ...REQUIRED_ENV, PORT: '' }).http.port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc', 'PORT (http.port)', 'got a string'],
    ['PORT', '70000', 'PORT (http.port)', 'got an integer'],
    ['MONGODB_MAX_POOL_SIZE', '0', 'MONGODB_MAX_POOL_SIZE (mongo.maxPoolSize)', 'got an integer'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL (log.level)', 'got a string'],
    [
      'MONGODB_READ_PREFERENCE',
      'fastest',
      'MONGODB_READ_PREFERENCE (mongo.readPreference)',
      'got a string',
    ],
    ['DOCS_ENABLED', 'maybe', 'DOCS_ENABLED (http.docsEnabled)', 'got a string'],
  ])('rejects %s=%s with one line naming %s and the type', (name, value, label, type) => {
    const error = loadError({
      env: { ...REQUIRED_ENV, [name]: value },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.name).toBe('ConfigValidationError');
    expect(error.problems).toHaveLength(1);
    const [line] = error.problems;
    expect(line.startsWith(`${label}: `)).toBe(true);
    expect(line.endsWith(`; ${type}`)).toBe(true);
    const rule = line.slice(`${label}: `.length, -`; ${type}`.length);
    expect(rule.trim().length).toBeGreaterThan(5);
    expect(everythingShown(error)).not.toContain(value.toLowerCase());
  });

  it('rejects a missing MONGODB_URI with one line naming it and saying nothing was given', () => {
    const env: NodeJS.ProcessEnv = { ...REQUIRED_ENV };
    delete env.MONGODB_URI;
    const error = loadError({ env, configDir: REPO_CONFIG_DIR });
    expect(error.problems).toEqual([expect.stringMatching(/^MONGODB_URI \(mongo\.uri\): .+/)]);
    expect(error.problems[0]).toContain('required');
    expect(error.problems[0]).toMatch(/; got nothing$/);
  });

  it('requires API_KEY_SECRET of at least 32 characters in production, never echoing it', () => {
    const production = { ...REQUIRED_ENV, NODE_ENV: 'production' };
    delete (production as NodeJS.ProcessEnv).API_KEY_SECRET;
    expect(loadError({ env: production, configDir: REPO_CONFIG_DIR }).problems).toEqual([
      expect.stringMatching(/^API_KEY_SECRET \(auth\.apiKeySecrets\): required.*; got nothing$/),
    ]);
    const short = loadError({
      env: { ...production, API_KEY_SECRET: 'short-api-secret' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(short.problems).toEqual([
      expect.stringMatching(/^API_KEY_SECRET \(auth\.apiKeySecrets\): .*32.*; got a list$/),
    ]);
    expect(everythingShown(short)).not.toContain('short-api-secret');
    const config = load({ ...REQUIRED_ENV, DOCS_PUBLIC: 'false', API_KEY_CACHE_TTL_MS: '5000' });
    expect(config.auth).toEqual({
      apiKeySecrets: [REQUIRED_ENV.API_KEY_SECRET],
      keyCacheTtlMs: 5000,
      docsPublic: false,
    });
  });

  it('takes API_KEY_SECRET and CURSOR_SECRET as comma-separated lists, newest first', () => {
    const newest = 'b'.repeat(40);
    const older = 'a'.repeat(32);
    const config = load({
      ...REQUIRED_ENV,
      API_KEY_SECRET: ` ${newest} , ${older} `,
      CURSOR_SECRET: `${newest},${older}`,
    });
    expect(config.auth.apiKeySecrets).toEqual([newest, older]);
    expect(config.api.cursorSecrets).toEqual([newest, older]);
  });

  it('names a too-short or repeated entry of a secret list by position, never by value', () => {
    const newest = `newest-${'n'.repeat(32)}`;
    const error = loadError({
      env: {
        ...REQUIRED_ENV,
        NODE_ENV: 'production',
        API_KEY_SECRET: `${newest},short-older-secret`,
        CURSOR_SECRET: `${newest},${newest}`,
      },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^CURSOR_SECRET \(api\.cursorSecrets\): entry 2 of 2 repeats/),
      expect.stringMatching(
        /^API_KEY_SECRET \(auth\.apiKeySecrets\): entry 2 of 2 must be at least 32 characters/,
      ),
    ]);
    expect(everythingShown(error)).not.toContain('short-older-secret');
    expect(everythingShown(error)).not.toContain(newest);
  });

  it('refuses the development and test secrets in production, even as an older entry', () => {
    const own = 'p'.repeat(48);
    const error = loadError({
      env: {
        ...REQUIRED_ENV,
        NODE_ENV: 'production',
        API_KEY_SECRET: `${own},development-only-api-key-secret-not-for-production`,
        CURSOR_SECRET: 'test-only-cursor-secret-not-for-production-use',
      },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^CURSOR_SECRET \(api\.cursorSecrets\): entry 1 of 1 is a development/),
      expect.stringMatching(
        /^API_KEY_SECRET \(auth\.apiKeySecrets\): entry 2 of 2 is a development/,
      ),
    ]);
    expect(everythingShown(error)).not.toContain('not-for-production');
  });

  it('never shows a rejected secret value', () => {
    const secretUri = 'postgres://user:s3cretPass@host/db';
    const error = loadError({
      env: { ...REQUIRED_ENV, MONGODB_URI: secretUri, REDIS_URL: 'http://:r3disPass@cache:6379' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toHaveLength(2);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MONGODB_URI \(mongo\.uri\): .*mongodb:\/\/.*; got a string$/),
        expect.stringMatching(/^REDIS_URL \(redis\.url\): .*redis:\/\/.*; got a string$/),
      ]),
    );
    const shown = everythingShown(error);
    for (const fragment of ['s3cretpass', 'postgres://', 'user:', 'r3dispass', 'http://']) {
      expect(shown).not.toContain(fragment);
    }
  });

  it('lists every problem at once, one line each, in the message as well', () => {
    const error = loadError({
      env: { ...REQUIRED_ENV, PORT: 'abc', LOG_LEVEL: 'loud' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toHaveLength(2);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration:',
      ...error.problems.map((p) => `  - ${p}`),
    ]);
  });

  it('rejects slow-client timeouts that contradict each other', () => {
    const error = loadError({
      env: {
        ...REQUIRED_ENV,
        HTTP_HEADERS_TIMEOUT_MS: '20000',
        HTTP_BODY_TIMEOUT_MS: '10000',
        HTTP_CONNECTION_TIMEOUT_MS: '30000',
        REQUEST_TIMEOUT_MS: '30000',
      },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS \(http\.headersTimeoutMs\): .*bodyTimeoutMs/),
      expect.stringMatching(
        /^HTTP_CONNECTION_TIMEOUT_MS \(http\.connectionTimeoutMs\): .*requestTimeoutMs/,
      ),
    ]);
    const config = load({
      ...REQUIRED_ENV,
      HTTP_CONNECTION_TIMEOUT_MS: '0',
      HTTP_BODY_TIMEOUT_MS: '10000',
    });
    expect(config.http).toMatchObject({ connectionTimeoutMs: 0, bodyTimeoutMs: 10000 });
  });

  it('rejects a minimum pool size above the maximum', () => {
    const error = loadError({
      env: { ...REQUIRED_ENV, MONGODB_MIN_POOL_SIZE: '30', MONGODB_MAX_POOL_SIZE: '10' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^MONGODB_MIN_POOL_SIZE \(mongo\.minPoolSize\): .*maxPoolSize/),
    ]);
  });

  it('accepts a minimum pool size equal to the maximum', () => {
    const config = load({
      ...REQUIRED_ENV,
      MONGODB_MIN_POOL_SIZE: '10',
      MONGODB_MAX_POOL_SIZE: '10',
    });
    expect(config.mongo.minPoolSize).toBe(10);
  });

  it('rejects a drain delay that is not shorter than the shutdown timeout', () => {
    const error = loadError({
      env: { ...REQUIRED_ENV, SHUTDOWN_TIMEOUT_MS: '1000', SHUTDOWN_DRAIN_DELAY_MS: '1000' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^SHUTDOWN_DRAIN_DELAY_MS \(shutdown\.drainDelayMs\): /),
    ]);
  });

  it('rejects dependency deadlines that are not shorter than the request timeout', () => {
    const error = loadError({
      env: {
        ...REQUIRED_ENV,
        REQUEST_TIMEOUT_MS: '6000',
        MONGODB_WRITE_TIMEOUT_MS: '6000',
        REDIS_COMMAND_TIMEOUT_MS: '7000',
      },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^MONGODB_WRITE_TIMEOUT_MS \(mongo\.writeTimeoutMs\): must be shorter/),
      expect.stringMatching(
        /^REDIS_COMMAND_TIMEOUT_MS \(redis\.commandTimeoutMs\): must be shorter/,
      ),
    ]);
  });

  it('lets dependency deadlines be anything when requests have no timeout', () => {
    const config = load({
      ...REQUIRED_ENV,
      REQUEST_TIMEOUT_MS: '0',
      MONGODB_READ_TIMEOUT_MS: '60000',
    });
    expect(config.mongo.readTimeoutMs).toBe(60_000);
  });

  it('rejects an unknown NODE_ENV', () => {
    const error = loadError({
      env: { ...REQUIRED_ENV, NODE_ENV: 'staging' },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^NODE_ENV \(app\.env\): .*got a string$/),
    ]);
  });
});

describe('loadConfig with a config directory of its own', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scout-config-'));
    copyFileSync(join(REPO_CONFIG_DIR, 'default.yaml'), join(dir, 'default.yaml'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('deep-merges the NODE_ENV file over default.yaml', () => {
    writeFileSync(join(dir, 'test.yaml'), 'http:\n  port: 4100\nmongo:\n  maxPoolSize: 7\n');
    const config = loadConfig({ env: REQUIRED_ENV, configDir: dir });
    expect(config.http.port).toBe(4100);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.mongo.maxPoolSize).toBe(7);
    expect(config.mongo.readPreference).toBe('primary');
  });

  it('lets an environment variable win over the NODE_ENV file', () => {
    writeFileSync(join(dir, 'test.yaml'), 'http:\n  port: 4100\n');
    const config = loadConfig({ env: { ...REQUIRED_ENV, PORT: '4200' }, configDir: dir });
    expect(config.http.port).toBe(4200);
  });

  it('works without a file for NODE_ENV', () => {
    const config = loadConfig({ env: REQUIRED_ENV, configDir: dir });
    expect(config.app.env).toBe('test');
    expect(config.log.level).toBe('info');
  });

  it('uses SCOUT_CONFIG_DIR from the given env when no configDir is passed', () => {
    writeFileSync(join(dir, 'test.yaml'), 'log:\n  level: trace\n');
    const config = loadConfig({ env: { ...REQUIRED_ENV, SCOUT_CONFIG_DIR: dir } });
    expect(config.log.level).toBe('trace');
  });

  it('reports a bad value from a YAML file by variable and path, like one from the env', () => {
    writeFileSync(join(dir, 'test.yaml'), 'http:\n  port: not-a-port\n');
    const error = loadError({ env: REQUIRED_ENV, configDir: dir });
    expect(error.problems).toEqual([
      'PORT (http.port): Invalid input: expected number, received string; got a string',
    ]);
  });

  it('reports a file that is not valid YAML in one readable line, without its content', () => {
    writeFileSync(
      join(dir, 'test.yaml'),
      'mongo:\n  uri: "mongodb://admin:yamlS3cret@db/scout\n  maxPoolSize: [1, 2\n',
    );
    const error = loadError({ env: REQUIRED_ENV, configDir: dir });
    expect(error.problems).toHaveLength(1);
    const [line] = error.problems;
    expect(line).toContain(join(dir, 'test.yaml'));
    expect(line).toContain('not valid YAML');
    expect(line).not.toContain('\n');
    expect(everythingShown(error)).not.toContain('yamls3cret');
  });

  it('reports a YAML file that is not a mapping', () => {
    writeFileSync(join(dir, 'test.yaml'), '- port\n- host\n');
    const error = loadError({ env: REQUIRED_ENV, configDir: dir });
    expect(error.problems).toEqual([`${join(dir, 'test.yaml')}: must hold a mapping of settings`]);
  });

  it('treats an empty NODE_ENV file as no overrides', () => {
    writeFileSync(join(dir, 'test.yaml'), '# nothing yet\n');
    expect(loadConfig({ env: REQUIRED_ENV, configDir: dir }).http.port).toBe(3000);
  });

  it('reports every missing setting when there are no files at all', () => {
    const empty = mkdtempSync(join(tmpdir(), 'scout-config-empty-'));
    try {
      const error = loadError({ env: REQUIRED_ENV, configDir: empty });
      expect(error.problems.length).toBeGreaterThan(1);
      expect(error.problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/^http: .*; got nothing$/)]),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('metrics settings', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, configDir: REPO_CONFIG_DIR });

  it('defaults to 9464 on all interfaces, off in test, and takes METRICS_PORT / METRICS_HOST', () => {
    expect(load({ ...REQUIRED_ENV, NODE_ENV: 'production' }).metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(load(REQUIRED_ENV).metrics.port).toBe(0);
    expect(
      load({ ...REQUIRED_ENV, METRICS_PORT: '9100', METRICS_HOST: '127.0.0.1' }).metrics,
    ).toEqual({ port: 9100, host: '127.0.0.1' });
  });

  it('rejects the public port, and ports out of range', () => {
    expect(
      loadError({ env: { ...REQUIRED_ENV, METRICS_PORT: '3000' }, configDir: REPO_CONFIG_DIR })
        .problems,
    ).toEqual([
      expect.stringMatching(/^METRICS_PORT \(metrics\.port\): must differ from http\.port/),
    ]);
    expect(
      loadError({ env: { ...REQUIRED_ENV, METRICS_PORT: '70000' }, configDir: REPO_CONFIG_DIR })
        .problems,
    ).toEqual([expect.stringMatching(/^METRICS_PORT \(metrics\.port\): /)]);
  });
});

describe('tracing and error-tracking settings', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, configDir: REPO_CONFIG_DIR });

  it('are off by default, with full sampling once turned on', () => {
    const config = load({ ...REQUIRED_ENV, NODE_ENV: 'production' });
    expect(config.tracing).toEqual({ otlpEndpoint: '', sampleRatio: 1 });
    expect(config.sentry).toEqual({
      dsn: '',
      environment: '',
      release: '',
      sampleRate: 1,
    });
  });

  it('take the OTLP endpoint, the DSN and fractional rates from the environment', () => {
    const config = load({
      ...REQUIRED_ENV,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      TRACING_SAMPLE_RATIO: '0.25',
      SENTRY_DSN: 'https://key@o1.ingest.sentry.io/2',
      SENTRY_ENVIRONMENT: 'staging-eu',
      SENTRY_RELEASE: 'scout@1.2.3',
      SENTRY_SAMPLE_RATE: '.5',
    });
    expect(config.tracing).toEqual({
      otlpEndpoint: 'http://otel-collector:4318',
      sampleRatio: 0.25,
    });
    expect(config.sentry).toEqual({
      dsn: 'https://key@o1.ingest.sentry.io/2',
      environment: 'staging-eu',
      release: 'scout@1.2.3',
      sampleRate: 0.5,
    });
  });

  it.each([
    ['TRACING_SAMPLE_RATIO', '1.5', 'tracing.sampleRatio'],
    ['TRACING_SAMPLE_RATIO', 'half', 'tracing.sampleRatio'],
    ['SENTRY_SAMPLE_RATE', '-0.1', 'sentry.sampleRate'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel-collector:4318', 'tracing.otlpEndpoint'],
    ['SENTRY_DSN', 'not a dsn', 'sentry.dsn'],
  ])('rejects %s=%s without echoing it', (name, value, path) => {
    const error = loadError({
      env: { ...REQUIRED_ENV, [name]: value },
      configDir: REPO_CONFIG_DIR,
    });
    expect(error.problems).toEqual([expect.stringMatching(new RegExp(`^${name} \\(${path}\\): `))]);
    expect(everythingShown(error)).not.toContain(value.toLowerCase());
  });
});

describe('admin settings', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, configDir: REPO_CONFIG_DIR });

  it('serves the queue dashboard by default, without credentials, and reads both from the env', () => {
    expect(load(REQUIRED_ENV).admin).toEqual({ queuesEnabled: true });
    expect(
      load({
        ...REQUIRED_ENV,
        ADMIN_QUEUES_ENABLED: 'false',
        ADMIN_USER: 'ops',
        ADMIN_PASSWORD: 'a-long-enough-password',
      }).admin,
    ).toEqual({ queuesEnabled: false, user: 'ops', password: 'a-long-enough-password' });
    expect(load({ ...REQUIRED_ENV, ADMIN_USER: '', ADMIN_PASSWORD: '' }).admin).toEqual({
      queuesEnabled: true,
    });
  });

  it('wants both credentials or neither, and a password of 12+ characters', () => {
    const problems = (env: NodeJS.ProcessEnv) =>
      loadError({ env: { ...REQUIRED_ENV, ...env }, configDir: REPO_CONFIG_DIR }).problems;
    expect(problems({ ADMIN_USER: 'ops' })).toEqual([
      expect.stringMatching(/^ADMIN_PASSWORD \(admin\.password\): set both/),
    ]);
    expect(problems({ ADMIN_PASSWORD: 'a-long-enough-password' })).toEqual([
      expect.stringMatching(/^ADMIN_USER \(admin\.user\): set both/),
    ]);
    expect(problems({ ADMIN_USER: 'ops', ADMIN_PASSWORD: 'short' })).toEqual([
      expect.stringMatching(/^ADMIN_PASSWORD \(admin\.password\): must be at least 12/),
    ]);
  });
});

describe('outbound safety settings', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, configDir: REPO_CONFIG_DIR });
  const production = { ...REQUIRED_ENV, NODE_ENV: 'production' };

  it('refuses private scrape targets and keeps the docs behind a key in production only', () => {
    expect(load(production).scraping.allowPrivateAddresses).toBe(false);
    expect(load(production).auth.docsPublic).toBe(false);
    for (const env of ['development', 'test']) {
      expect(load({ ...REQUIRED_ENV, NODE_ENV: env }).scraping.allowPrivateAddresses).toBe(true);
      expect(load({ ...REQUIRED_ENV, NODE_ENV: env }).auth.docsPublic).toBe(true);
    }
    const opened = load({
      ...production,
      SCRAPER_ALLOW_PRIVATE_ADDRESSES: 'true',
      DOCS_PUBLIC: 'true',
    });
    expect(opened.scraping.allowPrivateAddresses).toBe(true);
    expect(opened.auth.docsPublic).toBe(true);
  });

  it('caps page parsing by default, takes other caps, and refuses markup depths that overflow the stack', () => {
    const { htmlMaxDepth, jsonLdMaxDepth, jsonLdMaxNodes, jsonLdMaxBlocks, parseBudgetMs } =
      load(production).scraping;
    expect({
      htmlMaxDepth,
      jsonLdMaxDepth,
      jsonLdMaxNodes,
      jsonLdMaxBlocks,
      parseBudgetMs,
    }).toEqual({
      htmlMaxDepth: 1000,
      jsonLdMaxDepth: 32,
      jsonLdMaxNodes: 20000,
      jsonLdMaxBlocks: 20,
      parseBudgetMs: 1000,
    });
    const tuned = load({
      ...REQUIRED_ENV,
      SCRAPER_HTML_MAX_DEPTH: '200',
      SCRAPER_JSONLD_MAX_DEPTH: '16',
      SCRAPER_JSONLD_MAX_NODES: '5000',
      SCRAPER_JSONLD_MAX_BLOCKS: '5',
      SCRAPER_PARSE_BUDGET_MS: '250',
    }).scraping;
    expect(tuned).toMatchObject({
      htmlMaxDepth: 200,
      jsonLdMaxDepth: 16,
      jsonLdMaxNodes: 5000,
      jsonLdMaxBlocks: 5,
      parseBudgetMs: 250,
    });
    expect(
      loadError({
        env: { ...REQUIRED_ENV, SCRAPER_HTML_MAX_DEPTH: '5000' },
        configDir: REPO_CONFIG_DIR,
      }).problems,
    ).toEqual([expect.stringMatching(/^SCRAPER_HTML_MAX_DEPTH \(scraping\.htmlMaxDepth\): /)]);
  });
});
