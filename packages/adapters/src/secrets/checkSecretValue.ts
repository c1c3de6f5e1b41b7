/** The size rule of a secret value a provider sends to its service. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

/**
 * Returns the value when it is a string of at most `maxBytes` UTF-8 bytes.
 * @throws AdapterError `invalidArgument` otherwise (the message never holds the value)
 * @category Secrets
 */
export function checkSecretValue(value: unknown, maxBytes: number, provider: string): string {
  if (typeof value !== 'string' || Buffer.byteLength(value, 'utf8') > maxBytes) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (${provider}): a secret value must be a string of at most ${maxBytes} bytes`, {
      domain: 'adapter', key: 'secrets', provider,
    });
  }
  return value;
}
