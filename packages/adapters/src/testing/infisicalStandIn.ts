// A stand-in for the Infisical API (the v1 Universal Auth login and the v3 raw secrets
// endpoints, as the official @infisical/sdk 5 calls them), for the tests of InfisicalSecrets. It
// is not Infisical: it serves one project's secrets from memory, keeps every value as a
// numbered version, issues opaque access tokens for one client id and secret, and can expire
// them all (to test a login again); errors are Infisical's JSON error body.
import { randomUUID } from 'node:crypto';
import { jsonOf, startStandIn, type StandIn, type StandInRequest, type StandInResponse } from './standInServer.js';

/** A running stand-in, its secrets (`environment:path:name` to versions) and its controls. */
export interface InfisicalStandIn extends StandIn {
  readonly secrets: Map<string, string[]>;
  /** Forgets every token issued: the next call is answered 401. */
  expireTokens(): void;
  /** How many logins succeeded. */
  logins(): number;
}

function error(statusCode: number, message: string): StandInResponse {
  return { status: statusCode, body: { statusCode, message, error: statusCode === 404 ? 'NotFound' : 'Error' } };
}

/** Starts the stand-in for the machine identity `clientId`/`clientSecret` and project `projectId`. */
export async function startInfisicalStandIn(clientId: string, clientSecret: string, projectId: string): Promise<InfisicalStandIn> {
  const secrets = new Map<string, string[]>();
  const tokens = new Set<string>();
  let logins = 0;
  const where = (request: StandInRequest, body: Record<string, unknown>): { project: unknown; key: (name: string) => string } => {
    const query = request.url.searchParams;
    const environment = body['environment'] ?? query.get('environment');
    const path = body['secretPath'] ?? query.get('secretPath') ?? '/';
    return { project: body['workspaceId'] ?? query.get('workspaceId'), key: (name) => `${String(environment)}:${String(path)}:${name}` };
  };
  const standIn = await startStandIn((request) => {
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/api/v1/auth/universal-auth/login') {
      const body = jsonOf(request);
      if (body['clientId'] !== clientId || body['clientSecret'] !== clientSecret) return error(401, 'Invalid credentials');
      const token = randomUUID();
      tokens.add(token);
      logins += 1;
      return { status: 200, body: { accessToken: token, expiresIn: 7_200, accessTokenMaxTTL: 7_200, tokenType: 'Bearer' } };
    }
    if (!tokens.has(String(request.headers['authorization'] ?? '').replace(/^Bearer /, ''))) {
      return error(401, 'Token invalid or expired');
    }
    const body = jsonOf(request);
    const scope = where(request, body);
    if (scope.project !== projectId) return error(404, 'Project not found');
    const raw = /^\/api\/v3\/secrets\/raw(?:\/([^/]+))?$/.exec(path);
    const name = raw?.[1] === undefined ? undefined : decodeURIComponent(raw[1]);
    if (raw === null) return error(404, `no route ${path}`);
    if (name === undefined && request.method === 'GET') {
      const prefix = scope.key('');
      const listed = [...secrets.entries()].filter(([key]) => key.startsWith(prefix));
      const view = request.url.searchParams.get('viewSecretValue') !== 'false';
      return { status: 200, body: { secrets: listed.map(([key, versions]) => ({ secretKey: key.slice(prefix.length), secretValue: view ? versions.at(-1) : '<hidden-by-infisical>', version: versions.length, type: 'shared' })), imports: [] } };
    }
    const key = scope.key(name ?? '');
    const versions = secrets.get(key);
    if (request.method === 'GET') {
      const number = Number(request.url.searchParams.get('version') ?? versions?.length ?? 0);
      const value = versions?.[number - 1];
      if (value === undefined) return error(404, `Secret with name '${name}' not found`);
      return { status: 200, body: { secret: { secretKey: name, secretValue: value, version: number, type: 'shared' } } };
    }
    if (request.method === 'PATCH') {
      if (versions === undefined) return error(404, `Secret with name '${name}' not found`);
      versions.push(String(body['secretValue']));
      return { status: 200, body: { secret: { secretKey: name, version: versions.length } } };
    }
    if (request.method === 'POST') {
      if (versions !== undefined) return error(400, 'Secret already exist');
      secrets.set(key, [String(body['secretValue'])]);
      return { status: 200, body: { secret: { secretKey: name, version: 1 } } };
    }
    return error(404, `no route ${request.method} ${path}`);
  });
  return { ...standIn, secrets, expireTokens: () => tokens.clear(), logins: () => logins };
}
