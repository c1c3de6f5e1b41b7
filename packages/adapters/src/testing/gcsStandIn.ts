// A stand-in for Google Cloud Storage's JSON API (v1), for the tests of GcsStorage. It is not
// Google: it serves the calls the official @google-cloud/storage client makes for the adapter
// (multipart upload `POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart`, objects.get
// with and without `alt=media`, objects.delete, objects.list with prefix, maxResults and
// pageToken, buckets.get) plus GETs of V4-signed URLs (`/{bucket}/{object}`, whose signature it
// does not check), with the documented resource fields and MD5 hashes (`md5Hash`,
// `x-goog-hash`), from memory.
import { createHash } from 'node:crypto';
import { startStandIn, type StandIn, type StandInRequest, type StandInResponse } from './standInServer.js';

interface StoredObject {
  readonly data: Buffer;
  readonly contentType: string;
  readonly updated: Date;
  readonly generation: number;
}

/** A running stand-in and its objects by name. */
export interface GcsStandIn extends StandIn {
  readonly objects: Map<string, StoredObject>;
}

function error(code: number, message: string): StandInResponse {
  return { status: code, body: { error: { code, message, errors: [{ message, reason: code === 404 ? 'notFound' : 'invalid' }] } } };
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

function resource(bucket: string, name: string, object: StoredObject): Record<string, unknown> {
  return {
    kind: 'storage#object', bucket, name, id: `${bucket}/${name}/${object.generation}`, size: String(object.data.length),
    updated: object.updated.toISOString(), generation: String(object.generation), contentType: object.contentType,
    md5Hash: md5(object.data), etag: `"${md5(object.data)}"`,
  };
}

/** The metadata and content parts of a `multipart/related` upload body. */
function parseMultipart(request: StandInRequest): { metadata: Record<string, unknown>; data: Buffer; contentType: string } {
  const boundary = /boundary=([^;]+)/.exec(String(request.headers['content-type']))?.[1] ?? '';
  const parts: Buffer[] = [];
  const separator = Buffer.from(`--${boundary}`);
  let start = request.body.indexOf(separator);
  while (start >= 0) {
    const next = request.body.indexOf(separator, start + separator.length);
    if (next < 0) break;
    parts.push(request.body.subarray(start + separator.length + 2, next - 2));
    start = next;
  }
  const split = (part: Buffer | undefined): { headers: string; body: Buffer } => {
    const end = part?.indexOf('\r\n\r\n') ?? -1;
    return end < 0 || part === undefined ? { headers: '', body: Buffer.alloc(0) } : { headers: part.subarray(0, end).toString('utf8'), body: part.subarray(end + 4) };
  };
  const [meta, content] = [split(parts[0]), split(parts[1])];
  return {
    metadata: JSON.parse(meta.body.toString('utf8') || '{}') as Record<string, unknown>,
    data: content.body,
    contentType: /content-type:\s*([^\r\n]+)/i.exec(content.headers)?.[1] ?? 'application/octet-stream',
  };
}

/** Starts the stand-in serving the one bucket `bucket`. */
export async function startGcsStandIn(bucket: string): Promise<GcsStandIn> {
  const objects = new Map<string, StoredObject>();
  let generation = 0;
  const standIn = await startStandIn((request) => {
    const path = request.url.pathname;
    const query = request.url.searchParams;
    if (request.method === 'POST' && path === `/upload/storage/v1/b/${bucket}/o` && query.get('uploadType') === 'multipart') {
      const { metadata, data, contentType } = parseMultipart(request);
      const name = query.get('name') ?? String(metadata['name'] ?? '');
      generation += 1;
      const stored = { data, contentType: String(metadata['contentType'] ?? contentType), updated: new Date(), generation };
      objects.set(name, stored);
      return { status: 200, body: resource(bucket, name, stored) };
    }
    if (request.method === 'GET' && path === `/storage/v1/b/${bucket}`) {
      return { status: 200, body: { kind: 'storage#bucket', name: bucket, id: bucket } };
    }
    if (request.method === 'GET' && path === `/storage/v1/b/${bucket}/o`) {
      const prefix = query.get('prefix') ?? '';
      const names = [...objects.keys()].filter((name) => name.startsWith(prefix)).sort();
      const start = Number(query.get('pageToken') ?? '0');
      const size = Number(query.get('maxResults') ?? '1000');
      const items = names.slice(start, start + size).map((name) => resource(bucket, name, objects.get(name) as StoredObject));
      return { status: 200, body: { kind: 'storage#objects', items, ...(start + size < names.length ? { nextPageToken: String(start + size) } : {}) } };
    }
    const objectPath = new RegExp(`^/storage/v1/b/${bucket}/o/(.+)$`).exec(path);
    const signedPath = path.startsWith(`/${bucket}/`) && query.has('X-Goog-Signature') ? path.slice(bucket.length + 2) : undefined;
    const name = objectPath?.[1] === undefined ? signedPath === undefined ? undefined : decodeURIComponent(signedPath) : decodeURIComponent(objectPath[1]);
    if (name === undefined) return error(404, `the stand-in does not serve ${request.method} ${path}`);
    const stored = objects.get(name);
    if (request.method === 'DELETE') {
      return objects.delete(name) ? { status: 204 } : error(404, `No such object: ${bucket}/${name}`);
    }
    if (request.method === 'GET' && stored !== undefined) {
      return query.get('alt') === 'media' || signedPath !== undefined
        ? { status: 200, body: stored.data, headers: { 'content-type': stored.contentType, 'x-goog-hash': `md5=${md5(stored.data)}`, 'content-length': String(stored.data.length) } }
        : { status: 200, body: resource(bucket, name, stored) };
    }
    return error(404, `No such object: ${bucket}/${name}`);
  });
  return { ...standIn, objects };
}
