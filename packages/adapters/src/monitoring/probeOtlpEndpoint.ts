/** The health check of OTLP/HTTP backends: an empty export the receiver must accept. */

/**
 * POSTs `{"resourceSpans":[]}` (a valid, empty trace export) to `${endpoint}/v1/traces` with the
 * backend's headers; true when it is answered 2xx within `timeoutMs`. Nothing is recorded by
 * the receiver.
 */
export async function probeOtlpEndpoint(endpoint: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<boolean> {
  try {
    const answer = await fetch(`${endpoint.replace(/\/+$/, '')}/v1/traces`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await answer.arrayBuffer();
    return answer.ok;
  } catch {
    return false;
  }
}
