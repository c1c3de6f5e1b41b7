// A stand-in for AWS Secrets Manager (API version 2017-10-17, the awsJson1_1 protocol: POST /
// with X-Amz-Target `secretsmanager.<Operation>` and a JSON body), for the tests of
// AwsSecretManagerSecrets. It is not AWS: it speaks only the operations the adapter calls
// (GetSecretValue, ListSecrets, PutSecretValue, CreateSecret) with the documented request and
// response fields, keeps versions with their staging labels (AWSCURRENT, AWSPREVIOUS) in
// memory, and does not check signatures. The official client is pointed at it by `endpoint`.
import { randomUUID } from 'node:crypto';
import { jsonOf, startStandIn, type StandIn, type StandInResponse } from './standInServer.js';

interface Version {
  readonly id: string;
  readonly value: string;
  readonly stages: Set<string>;
}

/** A running stand-in and its secrets (name to versions, oldest first). */
export interface AwsSecretsManagerStandIn extends StandIn {
  readonly secrets: Map<string, Version[]>;
}

function fail(type: string, message: string, status = 400): StandInResponse {
  return { status, body: { __type: type, message }, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type } };
}

function ok(body: unknown): StandInResponse {
  return { status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/x-amz-json-1.1' } };
}

/** Starts the stand-in on a free port. */
export async function startAwsSecretsManagerStandIn(): Promise<AwsSecretsManagerStandIn> {
  const secrets = new Map<string, Version[]>();
  const addVersion = (name: string, value: string, token: unknown): Version => {
    const versions = secrets.get(name) ?? [];
    for (const version of versions) {
      version.stages.delete('AWSPREVIOUS');
      if (version.stages.delete('AWSCURRENT')) version.stages.add('AWSPREVIOUS');
    }
    const version = { id: typeof token === 'string' ? token : randomUUID(), value, stages: new Set(['AWSCURRENT']) };
    versions.push(version);
    secrets.set(name, versions);
    return version;
  };
  const standIn = await startStandIn((request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    const body = jsonOf(request);
    const name = String(body['SecretId'] ?? body['Name'] ?? '');
    switch (operation) {
      case 'GetSecretValue': {
        const versions = secrets.get(name);
        const wanted = body['VersionId'] !== undefined
          ? versions?.find((version) => version.id === body['VersionId'])
          : versions?.find((version) => version.stages.has(String(body['VersionStage'] ?? 'AWSCURRENT')));
        if (wanted === undefined) return fail('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return ok({ ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}`, Name: name, SecretString: wanted.value, VersionId: wanted.id, VersionStages: [...wanted.stages], CreatedDate: Date.now() / 1_000 });
      }
      case 'ListSecrets': {
        const names = [...secrets.keys()].sort();
        const start = typeof body['NextToken'] === 'string' ? Number(body['NextToken']) : 0;
        const max = typeof body['MaxResults'] === 'number' ? body['MaxResults'] : 100;
        const page = names.slice(start, start + max);
        return ok({ SecretList: page.map((each) => ({ Name: each })), ...(start + max < names.length ? { NextToken: String(start + max) } : {}) });
      }
      case 'PutSecretValue': {
        if (!secrets.has(name)) return fail('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        const version = addVersion(name, String(body['SecretString']), body['ClientRequestToken']);
        return ok({ Name: name, VersionId: version.id, VersionStages: [...version.stages] });
      }
      case 'CreateSecret': {
        if (secrets.has(name)) return fail('ResourceExistsException', 'the secret already exists');
        const version = addVersion(name, String(body['SecretString']), body['ClientRequestToken']);
        return ok({ Name: name, VersionId: version.id });
      }
      default:
        return fail('UnknownOperationException', `the stand-in does not speak ${operation}`);
    }
  });
  return { ...standIn, secrets };
}
