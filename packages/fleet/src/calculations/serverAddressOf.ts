/** The part of a NATS URL that is safe to log: scheme, host and port, never user, password or token (pure). */

/**
 * `nats://user:pw@host:4222/?token=x` → `nats://host:4222`; text that does not parse → `nats://***`.
 * @category Calculations
 */
export function serverAddressOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? `${parsed.protocol}//***` : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'nats://***';
  }
}
