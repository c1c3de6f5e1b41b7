// Test helper: starts a service emulator shipped as an npm package (s3rver, azurite) as a child
// process on a free port, and stops it by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A running emulator. */
export interface EmulatorProcess {
  readonly pid: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM, SIGKILL after two seconds) and waits until it exited. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The path of `file` inside the installed npm package `packageName`. */
export function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }, 2_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns `node ...nodeOptions script ...args` and resolves once its output matches `listening` (whose first
 * group is the port), within `timeoutMs`; the output is kept for the error message otherwise.
 */
export async function startEmulator(script: string, args: readonly string[], listening: RegExp, nodeOptions: readonly string[] = [], timeoutMs = 20_000): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [...nodeOptions, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`${script} did not start within ${timeoutMs} ms: ${output.slice(-2_000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = listening.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${output.slice(-2_000)}`));
    });
  });
  // Output no one reads must not fill the pipe and stall the emulator.
  child.stdout?.resume();
  child.stderr?.resume();
  return { pid: child.pid ?? 0, port, url: `http://127.0.0.1:${port}`, stop: async () => stopChild(child) };
}

/** True when the npm package is installed. */
export function hasPackage(packageName: string): boolean {
  try {
    require.resolve(`${packageName}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when the emulator's npm package is installed; otherwise, on CI (CI=true), a suite
 * whose one test fails naming the package, and elsewhere `describe.skip` after printing why.
 */
export function describeWithEmulator(packageName: string, title: string, body: () => void): void {
  if (hasPackage(packageName)) {
    describe(title, body);
    return;
  }
  const message = `the emulator package ${packageName} is not installed (npm install)`;
  if (process.env['CI'] === 'true' || process.env['CI'] === '1') {
    describe(title, () => {
      it(`needs ${packageName}`, () => {
        throw new Error(`${message}; CI must run the integration suites against the emulator`);
      });
    });
    return;
  }
  console.warn(`skipping "${title}": ${message}`);
  describe.skip(title, body);
}
