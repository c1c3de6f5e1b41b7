// One definition of "debug mode", shared by error reporting and logger set-up.

/** True when `ONEIRIC_DEBUG` is `1` or `true`: print stack traces and debug logs. */
export function isDebug(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env['ONEIRIC_DEBUG'];
  return value === '1' || value === 'true';
}
