// A stand-in for Google Cloud Secret Manager (API v1, the HTTP/JSON REST surface that the
// official client's REST transport, `fallback: true`, calls), for the tests of
// GcpSecretManagerSecrets. It is not Google: it speaks only the calls the adapter makes
// (versions.access, secrets.list, secrets.addVersion, secrets.create) with the documented
// resource names and JSON fields, answers errors as Google's JSON error body, keeps versions
// and aliases in memory, and only checks that a bearer token is sent.
import { jsonOf, startStandIn, type StandIn, type StandInResponse } from './standInServer.js';

interface Secret {
  readonly versions: string[];
  readonly aliases: Map<string, number>;
}

/** A running stand-in and its secrets by resource name (`projects/p/secrets/s`). */
export interface GcpSecretManagerStandIn extends StandIn {
  readonly secrets: Map<string, Secret>;
}

function error(code: number, status: string, message: string): StandInResponse {
  return { status: code, body: { error: { code, message, status } } };
}

/** Starts the stand-in on a free port. */
export async function startGcpSecretManagerStandIn(): Promise<GcpSecretManagerStandIn> {
  const secrets = new Map<string, Secret>();
  const standIn = await startStandIn((request) => {
    if (!String(request.headers['authorization'] ?? '').startsWith('Bearer ')) {
      return error(401, 'UNAUTHENTICATED', 'no bearer token');
    }
    const path = decodeURIComponent(request.url.pathname);
    const access = /^\/v1\/(projects\/[^/]+\/secrets\/[^/]+)\/versions\/([^/:]+):access$/.exec(path);
    if (request.method === 'GET' && access !== null) {
      const secret = secrets.get(access[1] ?? '');
      const wanted = access[2] ?? '';
      const number = wanted === 'latest' ? secret?.versions.length : secret?.aliases.get(wanted) ?? Number(wanted);
      const data = number === undefined ? undefined : secret?.versions[number - 1];
      if (data === undefined) return error(404, 'NOT_FOUND', `Secret Version [${path}] not found.`);
      return { status: 200, body: { name: `${access[1]}/versions/${number}`, payload: { data } } };
    }
    const list = /^\/v1\/(projects\/[^/]+)\/secrets$/.exec(path);
    if (request.method === 'GET' && list !== null) {
      const names = [...secrets.keys()].filter((name) => name.startsWith(`${list[1]}/secrets/`)).sort();
      const start = Number(request.url.searchParams.get('pageToken') ?? '0');
      const size = Number(request.url.searchParams.get('pageSize') ?? '25');
      const page = names.slice(start, start + size).map((name) => ({ name }));
      return { status: 200, body: { secrets: page, ...(start + size < names.length ? { nextPageToken: String(start + size) } : {}) } };
    }
    if (request.method === 'POST' && list !== null) {
      const name = `${list[1]}/secrets/${request.url.searchParams.get('secretId') ?? ''}`;
      if (secrets.has(name)) return error(409, 'ALREADY_EXISTS', `Secret [${name}] already exists.`);
      secrets.set(name, { versions: [], aliases: new Map() });
      return { status: 200, body: { name, replication: jsonOf(request)['replication'] } };
    }
    const add = /^\/v1\/(projects\/[^/]+\/secrets\/[^/:]+):addVersion$/.exec(path);
    if (request.method === 'POST' && add !== null) {
      const secret = secrets.get(add[1] ?? '');
      if (secret === undefined) return error(404, 'NOT_FOUND', `Secret [${add[1]}] not found.`);
      secret.versions.push(String((jsonOf(request)['payload'] as { data?: string } | undefined)?.data ?? ''));
      return { status: 200, body: { name: `${add[1]}/versions/${secret.versions.length}`, state: 'ENABLED' } };
    }
    return error(404, 'NOT_FOUND', `the stand-in does not serve ${request.method} ${path}`);
  });
  return { ...standIn, secrets };
}
