// The Kubernetes manifests agree with the ConfigMap's settings (port, host, shutdown timeout,
// cache directory) and with each other (names, keys, mounts, labels), and the settings they
// carry pass core's and remote's own validation.
import { spawnSync } from 'node:child_process';
import { parseSettings } from '@oneiric/core/internal';
import { parseRemoteSettings } from '@oneiric/remote';
import yaml from 'js-yaml';
import { kubernetesObjects, objectOf, parseSettingsText, readRepositoryFile, timingsOf } from './deployFiles.js';
import { repositoryRoot } from './metricCatalogue.js';

interface Probe { readonly httpGet: { readonly path: string; readonly port: string | number } }
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { name: string; key: string }; readonly configMapKeyRef?: { name: string; key: string } };
}
interface Container {
  readonly args: string[];
  readonly ports: { name: string; containerPort: number }[];
  readonly env: EnvVar[];
  readonly livenessProbe: Probe;
  readonly readinessProbe: Probe;
  readonly startupProbe: Probe;
  readonly lifecycle: { preStop: { exec: { command: string[] } } };
  readonly securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  readonly volumeMounts: { name: string; mountPath: string }[];
}
interface Volume {
  readonly name: string;
  readonly configMap?: { name: string; items: { key: string; path: string }[] };
  readonly secret?: { secretName: string; items: { key: string; path: string }[] };
  readonly emptyDir?: object;
}
interface PodSpec {
  readonly terminationGracePeriodSeconds: number;
  readonly securityContext: { runAsNonRoot: boolean; runAsUser: number };
  readonly containers: Container[];
  readonly volumes: Volume[];
}

// Sections the runtime reads itself; core's validation refuses them, so they are cut off first.
const RUNTIME_SECTIONS = ['runtime', 'plugins', 'secrets', 'remote', 'profile', 'profiles'];

const configMap = objectOf('ConfigMap') as unknown as { metadata: { name: string }; data: Record<string, string> };
const settings = parseSettingsText(configMap.data['oneiric.yaml'] ?? '');
const timings = timingsOf(settings);
const secret = objectOf('Secret') as unknown as { metadata: { name: string }; stringData: Record<string, string> };
const deployment = objectOf('Deployment') as unknown as { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec } } };
const pod = deployment.spec.template.spec;
const container = pod.containers[0] as Container;
const envOf = (name: string): EnvVar | undefined => container.env.find((variable) => variable.name === name);
const mountOf = (volume: string): string | undefined => container.volumeMounts.find((mount) => mount.name === volume)?.mountPath;

describe('Kubernetes settings (ConfigMap)', () => {
  it('sets the values everything else is checked against', () => {
    expect(timings.port).toBeGreaterThan(0);
    expect(timings.port).toBeLessThan(65_536);
    expect(Number.isInteger(timings.shutdownTimeoutMs) && timings.shutdownTimeoutMs > 0).toBe(true);
    // The kubelet's probes and Prometheus connect to the pod IP: loopback would fail every probe.
    expect(timings.host).toBe('0.0.0.0');
  });

  it('holds core settings and remote settings that pass their own validation', () => {
    const core = Object.fromEntries(Object.entries(settings).filter(([name]) => !RUNTIME_SECTIONS.includes(name)));
    expect(parseSettings(core, 'configmap.yaml').cache_dir).toBe(timings.cacheDir);
    expect(parseRemoteSettings(settings['remote'], 'configmap.yaml').manifest_url).toMatch(/^https:\/\//);
  });

  it('names the fleet\'s NATS address', () => {
    expect(configMap.data['nats-url']).toMatch(/^nats:\/\/[^/]+:\d+$/);
    expect(envOf('ONEIRIC_FLEET_NATS_URL')?.valueFrom?.configMapKeyRef).toEqual({ name: configMap.metadata.name, key: 'nats-url' });
  });
});

describe('Kubernetes Deployment', () => {
  it('listens, probes and advertises metrics on the settings\' port', () => {
    expect(container.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: timings.port })]);
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      expect(probe.httpGet.port).toBe('http');
    }
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(timings.port));
  });

  it('checks liveness on /healthz and readiness on /readyz', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it('gives a stop more time than preStop plus the runtime\'s shutdown timeout', () => {
    const [command, seconds] = container.lifecycle.preStop.exec.command;
    expect(command).toBe('sleep');
    const preStopMs = Number(seconds) * 1000;
    expect(preStopMs).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + timings.shutdownTimeoutMs);
  });

  it('reads the ConfigMap\'s file as the explicit settings file', () => {
    const volume = pod.volumes.find((candidate) => candidate.configMap?.name === configMap.metadata.name);
    const item = volume?.configMap?.items.find((candidate) => candidate.key === 'oneiric.yaml');
    expect(item).toBeDefined();
    expect(envOf('ONEIRIC_CONFIG')?.value).toBe(`${mountOf(volume?.name ?? '') ?? ''}/${item?.path ?? ''}`);
  });

  it('takes secrets from the Secret only, by keys it has', () => {
    const secretVolume = pod.volumes.find((candidate) => candidate.secret !== undefined);
    expect(secretVolume?.secret?.secretName).toBe(secret.metadata.name);
    for (const item of secretVolume?.secret?.items ?? []) {
      expect(Object.keys(secret.stringData)).toContain(item.key);
    }
    expect(envOf('ONEIRIC_CONFIG_DIR')?.value).toBe(mountOf(secretVolume?.name ?? ''));
    expect(envOf('ONEIRIC_TRUSTED_PUBLIC_KEYS')?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'trusted-public-keys' });
    const runtimeFile = yaml.load(secret.stringData['runtime.yaml'] ?? '') as { runtime: { http: { admin_token?: unknown } } };
    expect(runtimeFile.runtime.http.admin_token).toEqual(expect.any(String));
    expect(configMap.data['oneiric.yaml']).not.toMatch(/admin_token|auth_token|trusted_public_keys/);
  });

  it('keeps cache_dir inside a writable volume, below its mount point', () => {
    const mounts = container.volumeMounts.filter((mount) => pod.volumes.find((volume) => volume.name === mount.name)?.emptyDir !== undefined);
    // An emptyDir's root is world-writable, which remote sync refuses as a cache directory.
    expect(mounts.some((mount) => timings.cacheDir.startsWith(`${mount.mountPath}/`))).toBe(true);
    expect(mounts.map((mount) => mount.mountPath)).not.toContain(timings.cacheDir);
  });

  it('runs as the image\'s non-root user on a read-only root file system', () => {
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 1000 }));
    expect(container.securityContext).toEqual(expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }));
    expect(container.volumeMounts.map((mount) => mount.mountPath)).toContain('/tmp');
  });
});

describe('Kubernetes Service, namespace and Prometheus discovery', () => {
  const service = objectOf('Service') as unknown as { metadata: { name: string; namespace: string }; spec: { clusterIP: string; publishNotReadyAddresses: boolean; selector: Record<string, string>; ports: { port: number; targetPort: string }[] } };

  it('selects the Deployment\'s pods on the settings\' port', () => {
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: timings.port, targetPort: 'http' })]);
    expect(service.spec).toEqual(expect.objectContaining({ clusterIP: 'None', publishNotReadyAddresses: true }));
  });

  it('puts every object in the namespace the manifests create, and applies every file', () => {
    const namespace = objectOf('Namespace').metadata.name;
    const objects = kubernetesObjects().filter(({ object }) => !['Namespace', 'Kustomization'].includes(object.kind));
    expect(objects.map(({ object }) => object.metadata.namespace)).toEqual(objects.map(() => namespace));
    const kustomization = kubernetesObjects().find(({ object }) => object.kind === 'Kustomization')?.object as unknown as { resources: string[] };
    const files = new Set(kubernetesObjects().map(({ file }) => file));
    files.delete('kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it('is what the example Prometheus configuration discovers, as job "oneiric"', () => {
    const prometheus = yaml.load(readRepositoryFile('deploy/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path: string; dns_sd_configs: { names: string[]; port: number }[] }[] };
    const job = prometheus.scrape_configs.find((config) => config.job_name === 'oneiric');
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.dns_sd_configs).toEqual([expect.objectContaining({ names: [`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`], port: timings.port })]);
    expect(readRepositoryFile('deploy/prometheus/alerts.yml')).toContain('up{job="oneiric"}');
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 10_000 });
  (kubectl.status === 0 ? it : it.skip)('builds with kubectl kustomize (skipped without kubectl)', () => {
    const built = spawnSync('kubectl', ['kustomize', 'deploy/kubernetes'], { cwd: repositoryRoot, encoding: 'utf8', timeout: 60_000 });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(yaml.loadAll(built.stdout)).toHaveLength(kubernetesObjects().length - 1);
  });
});
