/** Ends a child process of bench/fleet: asks it to stop, and SIGKILLs it (by pid) if it lingers. */
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once `child` exited. `ask` asks it to stop (a signal, a disconnect); past
 * `timeoutMs` it is killed.
 */
export function stopChild(child: ChildProcess, ask: (child: ChildProcess) => void, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask(child);
  });
}
