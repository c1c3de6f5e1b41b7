// Test-only helpers: run an action on a plain payload, and catch the ActionError it throws.
import { ActionError } from '../errors/actionError.js';
import type { BuiltinAction } from '../models/actionKit.js';

/** Runs `action` on `plain` copied into an instance of its payload class (validation is the bridge's job, tested apart). */
export function invoke<P extends object, R>(action: BuiltinAction<P, R>, plain: Partial<P> | Record<string, unknown>): Promise<R> {
  return action.execute(Object.assign(new action.payloadType(), plain));
}

/** The ActionError `promise` rejects with; fails the test when it fulfils or rejects with anything else. */
export async function actionErrorOf(promise: Promise<unknown>): Promise<ActionError> {
  let failure: unknown;
  try {
    await promise;
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(ActionError);
  return failure as ActionError;
}
