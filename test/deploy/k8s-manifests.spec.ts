import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigValidationError, ENV_BINDINGS, loadConfig } from '@scout/config';

/**
 * Offline checks of deploy/k8s: every object against the Kubernetes (and KEDA) API schemas,
 * then the references between objects that a schema cannot see — selectors, ports, probes,
 * settings, autoscaler targets — against Scout's own configuration rules.
 */

const ROOT = join(__dirname, '..', '..');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const VALIDATOR = join(__dirname, 'validate-k8s.mjs');
const SECRET_NAME = 'scout-secrets';
/** Settings that are secret: never in the ConfigMap, always from the Secret. */
const SECRET_SETTINGS = [
  'MONGODB_URI',
  'REDIS_URL',
  'API_KEY_SECRET',
  'CURSOR_SECRET',
  'WEBHOOK_SECRET_KEY',
  'PRIVACY_SUPPRESSION_SECRET',
  'SENTRY_DSN',
];
/** Well-formed stand-ins for secret values, so the rest of a container's settings can be loaded. */
const SECRET_SAMPLES: Record<string, string> = {
  MONGODB_URI: 'mongodb://db-0.example:27017,db-1.example:27017/scout?replicaSet=rs0',
  REDIS_URL: 'rediss://:password@cache.example:6379/0',
  API_KEY_SECRET: 'k'.repeat(32),
  PRIVACY_SUPPRESSION_SECRET: 's'.repeat(32),
  CURSOR_SECRET: 'c'.repeat(32),
  WEBHOOK_SECRET_KEY: 'w'.repeat(32),
  SENTRY_DSN: 'https://key@sentry.example/1',
  ADMIN_USER: 'operator',
  ADMIN_PASSWORD: 'p'.repeat(16),
};
const PROBES = {
  startupProbe: '/health/startup',
  readinessProbe: '/health/ready',
  livenessProbe: '/health/live',
} as const;

type Labels = Record<string, string>;
interface Port {
  name?: string;
  containerPort: number;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  timeoutSeconds?: number;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: Port[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Labels; limits?: Labels };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  volumes?: Array<{ name: string; emptyDir?: object }>;
}
interface PodTemplate {
  metadata: { labels: Labels };
  spec: PodSpec;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
  data?: Labels;
  /** Read through the helpers below, which know each kind's shape. */
  spec?: Record<string, unknown>;
}
interface Manifest {
  file: string;
  object: K8sObject;
}
interface Kustomization {
  file: string;
  apiVersion: string;
  resources: string[];
  images: unknown;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function loadManifests(): { manifests: Manifest[]; kustomizations: Kustomization[] } {
  const manifests: Manifest[] = [];
  const kustomizations: Kustomization[] = [];
  for (const path of yamlFiles(K8S_DIR)) {
    const file = relative(K8S_DIR, path);
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      const object = document.toJSON() as K8sObject | null;
      if (object === null) continue;
      if (object.kind === 'Kustomization') {
        const k = object as unknown as { resources?: string[]; images?: unknown };
        kustomizations.push({
          file,
          apiVersion: object.apiVersion,
          resources: k.resources ?? [],
          images: k.images,
        });
      } else {
        manifests.push({ file, object });
      }
    }
  }
  return { manifests, kustomizations };
}

const { manifests, kustomizations } = loadManifests();
const objects = manifests.map((m) => m.object);
const ofKind = <T = K8sObject>(kind: string): T[] =>
  objects.filter((o) => o.kind === kind) as unknown as T[];
const id = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

interface Workload {
  id: string;
  kind: string;
  name: string;
  replicas?: number;
  template: PodTemplate;
  strategy?: { rollingUpdate?: { maxUnavailable?: number | string } };
}
const workloads: Workload[] = [
  ...ofKind('Deployment').map((d) => {
    const spec = d.spec as { replicas?: number; template: PodTemplate; strategy?: never };
    return { id: id(d), kind: d.kind, name: d.metadata.name, ...spec };
  }),
  ...ofKind('Job').map((j) => ({
    id: id(j),
    kind: j.kind,
    name: j.metadata.name,
    template: (j.spec as { template: PodTemplate }).template,
  })),
];
const deployments = workloads.filter((w) => w.kind === 'Deployment');
const configMaps = new Map(ofKind('ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));

function matches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The environment a container starts with: ConfigMap values, literals, and secret markers. */
function containerEnv(container: Container): Map<string, { value?: string; secret?: string }> {
  const env = new Map<string, { value?: string; secret?: string }>();
  for (const source of container.envFrom ?? []) {
    expect(source.secretRef).toBeUndefined();
    const data = configMaps.get(source.configMapRef?.name ?? '');
    expect(data).toBeDefined();
    for (const [key, value] of Object.entries(data ?? {})) env.set(key, { value });
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const fromMap = variable.valueFrom?.configMapKeyRef;
    if (secret) env.set(variable.name, { secret: secret.optional ? 'optional' : 'required' });
    else if (fromMap)
      env.set(variable.name, { value: configMaps.get(fromMap.name)?.[fromMap.key] });
    else env.set(variable.name, { value: variable.value });
  }
  return env;
}

/** Settings the container would start with, secrets replaced by well-formed samples. */
function settingsOf(container: Container): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, entry] of containerEnv(container)) {
    const value = entry.secret ? SECRET_SAMPLES[name] : entry.value;
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/** Names of the settings production refuses to start without. */
function requiredInProduction(): string[] {
  try {
    loadConfig({ env: { NODE_ENV: 'production' }, configDir: join(ROOT, 'config') });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.problems
      .map((problem) => /^([A-Z0-9_]+) \(/.exec(problem)?.[1])
      .filter((name): name is string => name !== undefined);
  }
  throw new Error('production settings loaded without any variable set');
}

const ENTRY_PORT: Record<string, string> = {
  'dist/apps/api/src/main.js': 'PORT',
  'dist/apps/worker/src/main.js': 'WORKER_PORT',
};
const appContainers = deployments.flatMap((w) =>
  w.template.spec.containers.map((c) => ({ workload: w, container: c })),
);
const allContainers = workloads.flatMap((w) =>
  w.template.spec.containers.map((c) => ({ workload: w, container: c })),
);

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('holds the api, the worker, their autoscalers and the index sync', () => {
    expect(objects.map(id)).toEqual(
      expect.arrayContaining([
        'Deployment/scout-api',
        'Deployment/scout-worker',
        'HorizontalPodAutoscaler/scout-api',
        'ScaledObject/scout-worker',
        'Job/scout-index-sync',
      ]),
    );
  });

  it('every object is valid for its apiVersion and kind', () => {
    const results = JSON.parse(
      execFileSync(process.execPath, [VALIDATOR], {
        input: JSON.stringify(objects),
        encoding: 'utf8',
      }),
    ) as Array<string | null>;
    const invalid = Object.fromEntries(
      manifests.flatMap((m, i) =>
        results[i] === null ? [] : [[`${m.file} ${id(m.object)}`, results[i]]],
      ),
    );
    expect(invalid).toEqual({});
  });

  it('every manifest file belongs to exactly one kustomization, which lists only existing files', () => {
    const listed = kustomizations.flatMap((k) =>
      k.resources.map((resource) => relative(K8S_DIR, join(K8S_DIR, dirname(k.file), resource))),
    );
    const files = [...new Set(manifests.map((m) => m.file))];
    for (const k of kustomizations) expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect([...listed].sort()).toEqual([...files].sort());
    const images = kustomizations.map((k) => JSON.stringify(k.images));
    expect(new Set(images).size).toBe(1);
  });

  it('commits no secret values: no Secret objects, secrets only by reference to one Secret', () => {
    expect(ofKind('Secret')).toEqual([]);
    for (const { container } of allContainers) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) expect({ [variable.name]: ref.name }).toEqual({ [variable.name]: SECRET_NAME });
        if (SECRET_SETTINGS.includes(variable.name)) expect(ref).toBeDefined();
      }
    }
    for (const data of configMaps.values()) {
      expect(Object.keys(data).filter((key) => SECRET_SETTINGS.includes(key))).toEqual([]);
    }
  });

  it('sets every setting production requires, secrets from the Secret', () => {
    const required = requiredInProduction();
    expect(required).toEqual(expect.arrayContaining(['MONGODB_URI', 'REDIS_URL', 'CURSOR_SECRET']));
    for (const { workload, container } of allContainers) {
      const env = containerEnv(container);
      const missing = required.filter((name) => {
        const entry = env.get(name);
        return !(entry?.secret === 'required' || (entry?.value ?? '') !== '');
      });
      expect({ [workload.id]: missing }).toEqual({ [workload.id]: [] });
    }
    for (const { workload, container } of appContainers) {
      const fromSecret = [...containerEnv(container)].filter(([, e]) => e.secret).map(([n]) => n);
      expect({ [workload.id]: fromSecret }).toEqual({
        [workload.id]: expect.arrayContaining(SECRET_SETTINGS),
      });
    }
  });

  it('names only settings Scout reads, with values Scout accepts in production', () => {
    const known = new Set(ENV_BINDINGS.map((b) => b.env));
    for (const { workload, container } of allContainers) {
      const settings = settingsOf(container);
      expect({ [workload.id]: Object.keys(settings).filter((name) => !known.has(name)) }).toEqual({
        [workload.id]: [],
      });
      expect(() => loadConfig({ env: settings, configDir: join(ROOT, 'config') })).not.toThrow();
      expect(settings.NODE_ENV).toBe('production');
    }
  });

  it('declares each process port and probes /health/{startup,ready,live} on it', () => {
    for (const { workload, container } of appContainers) {
      const settings = loadConfig({ env: settingsOf(container), configDir: join(ROOT, 'config') });
      const portSetting = ENTRY_PORT[container.args?.[0] ?? ''];
      expect(portSetting).toBeDefined();
      const processPort = portSetting === 'PORT' ? settings.http.port : settings.worker.port;
      const ports = container.ports ?? [];
      expect(ports.map((p) => p.containerPort)).toContain(processPort);
      if (portSetting === 'PORT' && settings.metrics.port !== 0) {
        expect(ports.map((p) => p.containerPort)).toContain(settings.metrics.port);
      }
      for (const [probe, path] of Object.entries(PROBES)) {
        const spec = container[probe as keyof typeof PROBES];
        expect({ [`${workload.id} ${probe}`]: spec?.httpGet?.path }).toEqual({
          [`${workload.id} ${probe}`]: path,
        });
        const target = ports.find(
          (p) => p.name === spec?.httpGet?.port || p.containerPort === spec?.httpGet?.port,
        );
        expect(target?.containerPort).toBe(processPort);
        // A probe must outlast the dependency checks it waits for.
        expect((spec?.timeoutSeconds ?? 1) * 1000).toBeGreaterThan(settings.health.checkTimeoutMs);
      }
    }
  });

  it('drains on shutdown: preStop sleep equals SHUTDOWN_DRAIN_DELAY_MS, grace covers the rest', () => {
    for (const { workload, container } of appContainers) {
      const settings = loadConfig({ env: settingsOf(container), configDir: join(ROOT, 'config') });
      const command = container.lifecycle?.preStop?.exec?.command ?? [];
      expect(command[0]).toBe('sleep');
      const sleepMs = Number(command[1]) * 1000;
      expect({ [workload.id]: sleepMs }).toEqual({ [workload.id]: settings.shutdown.drainDelayMs });
      const graceMs = (workload.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      expect(graceMs).toBeGreaterThan(sleepMs + settings.shutdown.timeoutMs);
    }
  });

  it('rolls out without losing capacity', () => {
    for (const deployment of deployments) {
      expect({ [deployment.id]: deployment.strategy?.rollingUpdate?.maxUnavailable }).toEqual({
        [deployment.id]: 0,
      });
    }
  });

  it('runs every pod non-root, read-only, without privileges, with resources and a /tmp', () => {
    for (const workload of workloads) {
      const pod = workload.template.spec;
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        for (const kind of ['requests', 'limits'] as const) {
          expect(Object.keys(container.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
        }
        const tmp = container.volumeMounts?.find((v) => v.mountPath === '/tmp');
        expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    }
  });

  it('every Service selects a Deployment and targets ports its pods declare', () => {
    for (const service of ofKind('Service')) {
      const spec = service.spec as {
        selector: Labels;
        ports: Array<{ targetPort: string | number }>;
      };
      const selected = deployments.filter((d) =>
        matches(spec.selector, d.template.metadata.labels),
      );
      expect({ [id(service)]: selected.length }).toEqual({ [id(service)]: 1 });
      const ports = selected[0].template.spec.containers.flatMap((c) => c.ports ?? []);
      for (const { targetPort } of spec.ports) {
        expect(ports.some((p) => p.name === targetPort || p.containerPort === targetPort)).toBe(
          true,
        );
      }
    }
  });

  it('autoscalers and disruption budgets target Deployments that leave replicas to them', () => {
    const targets = [...ofKind('HorizontalPodAutoscaler'), ...ofKind('ScaledObject')].map(
      (scaler) => {
        const ref = (scaler.spec as { scaleTargetRef: { kind?: string; name: string } })
          .scaleTargetRef;
        return { scaler: id(scaler), kind: ref.kind ?? 'Deployment', name: ref.name };
      },
    );
    for (const target of targets) {
      const deployment = deployments.find((d) => d.name === target.name);
      expect({ [target.scaler]: target.kind }).toEqual({ [target.scaler]: 'Deployment' });
      expect({ [target.scaler]: deployment?.id }).toEqual({
        [target.scaler]: `Deployment/${target.name}`,
      });
      expect({ [target.scaler]: deployment?.replicas }).toEqual({ [target.scaler]: undefined });
    }
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
    for (const pdb of ofKind('PodDisruptionBudget')) {
      const selector = (pdb.spec as { selector: { matchLabels: Labels } }).selector.matchLabels;
      const selected = deployments.filter((d) => matches(selector, d.template.metadata.labels));
      expect({ [id(pdb)]: selected.length }).toEqual({ [id(pdb)]: 1 });
    }
  });

  it('scales workers on the waiting scrape jobs, which Scout exports as scout_queue_jobs', () => {
    const metrics = readFileSync(
      join(ROOT, 'libs', 'scraping', 'src', 'queue-depth.metrics.ts'),
      'utf8',
    );
    for (const scaledObject of ofKind('ScaledObject')) {
      const triggers = (
        scaledObject.spec as { triggers: Array<{ type: string; metadata: Labels }> }
      ).triggers;
      for (const trigger of triggers) {
        expect(trigger.type).toBe('prometheus');
        const metric = /^\w+\((\w+)\{/.exec(trigger.metadata.query)?.[1];
        expect(metrics).toContain(`name: '${metric}'`);
        expect(trigger.metadata.query).toContain('state="waiting"');
      }
    }
  });

  it('network policies select Scout pods, open declared ports only, and allow DNS', () => {
    const pods = workloads.map((w) => w.template);
    for (const policy of ofKind('NetworkPolicy')) {
      const spec = policy.spec as {
        podSelector: { matchLabels: Labels };
        ingress?: Array<{ ports?: Array<{ port: string | number }> }>;
      };
      const selected = pods.filter((p) => matches(spec.podSelector.matchLabels, p.metadata.labels));
      expect({ [id(policy)]: selected.length > 0 }).toEqual({ [id(policy)]: true });
      const declared = selected.flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []));
      for (const { port } of (spec.ingress ?? []).flatMap((rule) => rule.ports ?? [])) {
        expect({
          [id(policy)]: declared.some((p) => p.name === port || p.containerPort === port),
        }).toEqual({ [id(policy)]: true });
      }
    }
    const egress = ofKind('NetworkPolicy').flatMap(
      (p) =>
        (p.spec as { egress?: Array<{ ports?: Array<{ port: number; protocol: string }> }> })
          .egress ?? [],
    );
    expect(egress.flatMap((rule) => rule.ports ?? [])).toContainEqual({
      port: 53,
      protocol: 'UDP',
    });
  });

  it('runs the index sync as a Job from the same image', () => {
    const job = workloads.find((w) => w.kind === 'Job');
    const container = job?.template.spec.containers[0];
    expect(container?.args).toEqual(['dist/apps/api/src/db-indexes.js']);
    const images = new Set(allContainers.map(({ container: c }) => c.image));
    expect(images.size).toBe(1);
  });
});
