// Reads the deployment files of deploy/ into plain values the consistency tests compare: the
// ConfigMap's settings (the source of truth), the Kubernetes objects, the Dockerfile and the unit.
import { readdirSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { repositoryRoot } from './metricCatalogue.js';

/** A Kubernetes object, loosely typed: tests read the fields they check. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** The settings values every deployment form must agree on. */
export interface RuntimeTimings {
  readonly host: string;
  readonly port: number;
  readonly shutdownTimeoutMs: number;
  readonly cacheDir: string;
}

/** Reads a file of the repository as text. */
export function readRepositoryFile(path: string): string {
  return readFileSync(`${repositoryRoot}${path}`, 'utf8');
}

/** Every object of every `*.yaml` in deploy/kubernetes, kustomization included, with its file. */
export function kubernetesObjects(): { readonly file: string; readonly object: KubeObject }[] {
  const files = readdirSync(`${repositoryRoot}deploy/kubernetes`).filter((name) => name.endsWith('.yaml')).sort();
  return files.flatMap((file) => yaml.loadAll(readRepositoryFile(`deploy/kubernetes/${file}`)).map((object) => ({ file, object: object as KubeObject })));
}

/** The one object of `kind` (and `name` when given); throws when there is not exactly one. */
export function objectOf(kind: string, name?: string): KubeObject {
  const found = kubernetesObjects().filter(({ object }) => object.kind === kind && (name === undefined || object.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`} in deploy/kubernetes, found ${String(found.length)}`);
  }
  return (found[0] as { object: KubeObject }).object;
}

/** Reads a YAML settings file's text into a mapping. */
export function parseSettingsText(text: string): Record<string, unknown> {
  const values = yaml.load(text);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Error('a settings file must hold a mapping');
  }
  return values as Record<string, unknown>;
}

/** The host, port, shutdown timeout and cache directory a settings mapping sets. */
export function timingsOf(settings: Record<string, unknown>): RuntimeTimings {
  const runtime = (settings['runtime'] ?? {}) as { shutdown_timeout_ms?: unknown; http?: { host?: unknown; port?: unknown } };
  return {
    host: String(runtime.http?.host),
    port: Number(runtime.http?.port),
    shutdownTimeoutMs: Number(runtime.shutdown_timeout_ms),
    cacheDir: String(settings['cache_dir']),
  };
}

/** One Dockerfile instruction, continuation lines joined. */
export interface DockerInstruction {
  readonly instruction: string;
  readonly args: string;
}

/** The instructions of a Dockerfile, without comments (parser directives included) and blank lines. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (pending === '' && /^\s*(#|$)/.test(line)) {
      continue;
    }
    const continued = /\\\s*$/.test(line);
    pending += `${line.replace(/\\\s*$/, '').trim()} `;
    if (!continued) {
      logical.push(pending.trim());
      pending = '';
    }
  }
  return logical.map((line) => {
    const space = line.indexOf(' ');
    return { instruction: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

/** The `key=value` pairs of a Dockerfile ENV instruction (the `key value` form is not used here). */
export function envPairs(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)].map((match) => [match[1], (match[2] as string).replace(/^"|"$/g, '')]));
}

/** A systemd unit's directives, `Section.Key` → every value given, in order. */
export function unitDirectives(text: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      continue;
    }
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = header[1] as string;
      continue;
    }
    const equals = line.indexOf('=');
    const key = `${section}.${line.slice(0, equals).trim()}`;
    directives.set(key, [...(directives.get(key) ?? []), line.slice(equals + 1).trim()]);
  }
  return directives;
}

/** Seconds of a systemd time span written as `30`, `30s`, `2min` or `1min 30s`. */
export function systemdSeconds(span: string): number {
  const units: Record<string, number> = { '': 1, s: 1, sec: 1, min: 60, m: 60, h: 3600 };
  let total = 0;
  for (const part of span.trim().split(/\s+/)) {
    const match = /^(\d+)(s|sec|min|m|h)?$/.exec(part);
    if (match === null) {
      throw new Error(`not a time span systemd reads as seconds: ${span}`);
    }
    total += Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
  }
  return total;
}
