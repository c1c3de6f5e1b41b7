// Test-only helper: a temporary project with a providers module whose application answers over HTTP, and the compiled `oneiric` binary run against it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The compiled binary (`npx tsc --build` first). */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

/** Builds the CLI and the packages it references, so the binary runs the sources under test. */
export async function buildCli(): Promise<void> {
  await execFileAsync(process.execPath, [path.join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc'), '--build', path.join(REPOSITORY, 'packages', 'cli')], { cwd: REPOSITORY, timeout: 240_000 });
}

/** What one run of the binary produced. */
export interface BinResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A providers module (plain ESM, no build) registering `adapter:greeter` with `english` (the
 * winner) and `french`, and starting, inside the application's process, an HTTP server on
 * 127.0.0.1:0 that answers every request with the live greeter's `greet()`: the application's
 * own answer. Its port is written to `greeter.port`. Also an event handler (`user.created`), a
 * one-node workflow `etl` over the task `extract`, and an action `echo`.
 */
// class-validator as the runtime loads it (one copy): the action's payload class is decorated with it.
const CLASS_VALIDATOR = pathToFileURL(createRequire(import.meta.url).resolve('class-validator')).href;

const PROVIDERS_MODULE = `
import { createServer } from 'node:http';
import { IsString } from '${CLASS_VALIDATOR}';
import { writeFileSync } from 'node:fs';
const greeter = (word) => ({ kind: 'function', build: () => ({ greet: () => word }) });
const built = (instance) => ({ kind: 'function', build: () => instance });
class EchoPayload {}
IsString()(EchoPayload.prototype, 'text');
export async function register(app) {
  app.register(
    { domain: 'adapter', key: 'greeter', provider: 'english', priority: 100, factory: greeter('hello') },
    { domain: 'adapter', key: 'greeter', provider: 'french', priority: 50, factory: greeter('bonjour') },
    { domain: 'event', key: 'welcome', provider: 'default', metadata: { topics: ['user.created'] }, factory: built({ handle: (envelope) => 'welcome ' + envelope.payload.name }) },
    { domain: 'task', key: 'extract', provider: 'default', factory: built({ run: () => 2 }) },
    { domain: 'workflow', key: 'etl', provider: 'default', metadata: { nodes: [{ id: 'extract', task: 'extract' }] }, factory: built({}) },
    { domain: 'action', key: 'echo', provider: 'default', factory: built({ payloadType: EchoPayload, execute: (payload) => 'echoed ' + payload.text }) },
  );
  const server = createServer((request, response) => {
    try {
      response.end(app.use('adapter', 'greeter').greet());
    } catch (error) {
      response.writeHead(503).end(String(error && error.kind));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  writeFileSync(new URL('./greeter.port', import.meta.url), String(server.address().port));
}
`;

/**
 * Runs `node ...args` in `cwd` with only PATH (and `extraEnv`) in its environment; a non-zero
 * exit is a result, not an error (only a failure to run at all rejects).
 */
export async function runNode(args: readonly string[], cwd: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<BinResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...extraEnv }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') {
      throw error;
    }
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * `text` without what differs between two runs of one command by nature: swap durations, the
 * health snapshot's time stamp (rewritten after each change), and the provider before a swap.
 */
export function withoutRunVariance(text: string): string {
  return text.replace(/in \d+\.\d+ ms/g, 'in N ms').replace(/"durationMs": [\d.]+/g, '"durationMs": N')
    .replace(/"updatedAt": "[^"]+"/g, '"updatedAt": T').replace(/"previousProvider": "[^"]+"/g, '"previousProvider": P');
}

/** A temporary project directory running the binary, and what it needs to ask the application. */
export interface RuntimeProject {
  readonly dir: string;
  /** Runs `oneiric --import ./providers.mjs ...argv` in the project. */
  oneiric(...argv: string[]): Promise<BinResult>;
  /** The same, with options for node itself before the script (`--import ./hook.mjs`). */
  oneiricWithNode(nodeArgs: readonly string[], ...argv: string[]): Promise<BinResult>;
  /** The application's own answer: GET on its greeter server. */
  greeting(): Promise<string>;
  /** Removes the directory (stop the runtime first). */
  remove(): void;
}

/** Creates the project (short temporary path: Unix socket paths are limited to about 100 bytes). */
export function createRuntimeProject(): RuntimeProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'onr-'));
  writeFileSync(path.join(dir, 'providers.mjs'), PROVIDERS_MODULE);
  return {
    dir,
    oneiric(...argv: string[]): Promise<BinResult> {
      return this.oneiricWithNode([], ...argv);
    },
    oneiricWithNode(nodeArgs: readonly string[], ...argv: string[]): Promise<BinResult> {
      return runNode([...nodeArgs, BIN, '--import', './providers.mjs', ...argv], dir);
    },
    async greeting(): Promise<string> {
      const port = readFileSync(path.join(dir, 'greeter.port'), 'utf8');
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
      return response.text();
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the CLI, creates a project and starts its runtime in the background (`oneiric start`).
 * @throws Error with the command's output when the runtime does not start
 */
export async function startRuntimeProject(): Promise<RuntimeProject> {
  await buildCli();
  const project = createRuntimeProject();
  const started = await project.oneiric('start', '--json');
  if (started.code !== 0) {
    throw new Error(`oneiric start exited ${started.code}: ${started.stderr}`);
  }
  return project;
}

/** Stops the project's runtime by its PID record (a no-op when it is already stopped) and removes the project. */
export async function stopRuntimeProject(project: RuntimeProject): Promise<void> {
  await project.oneiric('stop', '--timeout', '10000');
  project.remove();
}
