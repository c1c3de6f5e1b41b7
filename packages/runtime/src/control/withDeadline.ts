/** Bounds how long a control request waits for its operation, so every request gets an answer in time. */
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';

/**
 * Resolves as `operation` does, or rejects with 504 `timeout` after `deadlineMs`. The operation is
 * not cancelled (a swap half done is finished by core, not abandoned): the message says so.
 */
export async function withDeadline<T>(operation: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new ControlRequestError(
        ControlRequestErrorKind.timeout,
        504,
        `${what} did not finish within ${deadlineMs} ms; it may still complete in the runtime`,
      ));
    }, deadlineMs);
    timer.unref();
  });
  try {
    return await Promise.race([operation, expired]);
  } finally {
    clearTimeout(timer);
  }
}
