/**
 * A CMIS 1.1 browser-binding repository for tests (OASIS CMIS 1.1 §5), in memory, over
 * real HTTP. What it follows of the specification:
 *
 * - `GET <base>/browser`: the repositories JSON, keyed by repository id, with
 *   `repositoryUrl`, `rootFolderUrl`, `rootFolderId`, `cmisVersionSupported` 1.1.
 * - Reads on the root folder URL: `objectId` + `cmisselector=object|children|content`;
 *   without `objectId` the root folder itself. `succinct=true` answers with
 *   `succinctProperties`, otherwise with the long `properties` form.
 * - Writes: `POST` form submissions to the root folder URL with `cmisaction`
 *   (case-insensitive) `createFolder` / `createDocument`, the parent in `objectId`,
 *   properties as `propertyId[n]` / `propertyValue[n]` starting at 0 without gaps; a
 *   content stream only as `multipart/form-data` (control `content`), otherwise
 *   `application/x-www-form-urlencoded` is accepted too. Required: `cmis:objectTypeId`
 *   and `cmis:name`; a type must exist and be of the action's base type; only properties
 *   the type defines; names unique in a folder and without '/'. Answers 201 Created.
 * - Errors as the binding's exception object `{ exception, message }` with the HTTP codes
 *   of §5.2.10: invalidArgument 400, permissionDenied 403 (401 without credentials),
 *   objectNotFound 404, notSupported 405, constraint / nameConstraintViolation 409.
 * - Basic authentication with one user.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CmisType {
  readonly base: 'cmis:document' | 'cmis:folder';
  /** Property ids the type defines beyond the cmis:* ones. */
  readonly properties: readonly string[];
}

export interface StoredObject {
  readonly id: string;
  readonly parentId: string | null;
  readonly properties: Record<string, string>;
  readonly content?: { readonly mediaType: string; readonly fileName: string; readonly bytes: Buffer };
}

export interface CmisTestServer {
  /** `…/browser`: the endpoint to configure. */
  readonly endpoint: string;
  readonly repositoryId: string;
  readonly rootFolderId: string;
  readonly objects: Map<string, StoredObject>;
  /** Every write as it arrived: action and the properties in index order. */
  readonly writes: { action: string; properties: [string, string][]; contentType: string }[];
  /** The next `n` writes fail with `runtime` 500 (a DMS that is down). */
  failNextWrites(n: number): void;
  close(): Promise<void>;
}

export async function startCmisServer(opts: {
  user: string;
  password: string;
  repositoryId?: string;
  types?: Readonly<Record<string, CmisType>>;
}): Promise<CmisTestServer> {
  const repositoryId = opts.repositoryId ?? 'repo-1';
  const rootFolderId = randomUUID();
  const types: Record<string, CmisType> = {
    'cmis:folder': { base: 'cmis:folder', properties: [] },
    'cmis:document': { base: 'cmis:document', properties: [] },
    ...(opts.types ?? {}),
  };
  const objects = new Map<string, StoredObject>();
  objects.set(rootFolderId, {
    id: rootFolderId,
    parentId: null,
    properties: { 'cmis:objectTypeId': 'cmis:folder', 'cmis:name': '', 'cmis:baseTypeId': 'cmis:folder' },
  });
  const writes: CmisTestServer['writes'] = [];
  let failing = 0;
  let base = '';

  const fail = (res: ServerResponse, status: number, exception: string, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ exception, message }));
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const view = (o: StoredObject, succinct: boolean): unknown => {
    const props: Record<string, unknown> = {
      ...o.properties,
      'cmis:objectId': o.id,
      ...(o.parentId ? { 'cmis:parentId': o.parentId } : {}),
      ...(o.content
        ? {
            'cmis:contentStreamLength': o.content.bytes.length,
            'cmis:contentStreamMimeType': o.content.mediaType,
            'cmis:contentStreamFileName': o.content.fileName,
          }
        : {}),
    };
    if (succinct) return { succinctProperties: props };
    return {
      properties: Object.fromEntries(
        Object.entries(props).map(([id, value]) => [id, { id, value, cardinality: 'single' }]),
      ),
    };
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => fail(res, 500, 'runtime', err.message));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
    if (!auth) {
      res.setHeader('www-authenticate', 'Basic realm="cmis"');
      return fail(res, 401, 'permissionDenied', 'authentication required');
    }
    if (auth !== expected) return fail(res, 403, 'permissionDenied', 'wrong credentials');
    const url = new URL(req.url ?? '/', base);
    const rootPath = `/browser/${encodeURIComponent(repositoryId)}/root`;
    if (req.method === 'GET' && url.pathname === '/browser') {
      return sendJson(res, 200, {
        [repositoryId]: {
          repositoryId,
          repositoryName: 'Test repository',
          repositoryDescription: 'CMIS 1.1 browser binding for tests',
          vendorName: 'einvoice-intake tests',
          productName: 'cmis-server',
          productVersion: '1',
          rootFolderId,
          cmisVersionSupported: '1.1',
          repositoryUrl: `${base}/browser/${encodeURIComponent(repositoryId)}`,
          rootFolderUrl: `${base}${rootPath}`,
          capabilities: { capabilityContentStreamUpdatability: 'anytime', capabilityGetDescendants: false },
        },
      });
    }
    if (url.pathname !== rootPath) {
      return fail(res, 404, 'objectNotFound', `no repository or object at ${url.pathname}`);
    }
    if (req.method === 'GET') {
      const id = url.searchParams.get('objectId') ?? rootFolderId;
      const o = objects.get(id);
      if (!o) return fail(res, 404, 'objectNotFound', `object ${id} not found`);
      const succinct = url.searchParams.get('succinct') === 'true';
      const selector = (url.searchParams.get('cmisselector') ?? 'object').toLowerCase();
      if (selector === 'object') return sendJson(res, 200, view(o, succinct));
      if (selector === 'content') {
        if (!o.content) return fail(res, 409, 'constraint', 'object has no content stream');
        res.writeHead(200, { 'content-type': o.content.mediaType });
        return void res.end(o.content.bytes);
      }
      if (selector === 'children') {
        if (o.properties['cmis:baseTypeId'] !== 'cmis:folder') {
          return fail(res, 400, 'invalidArgument', 'object is not a folder');
        }
        const all = [...objects.values()].filter((c) => c.parentId === id);
        const skip = Number(url.searchParams.get('skipCount') ?? '0');
        const max = Number(url.searchParams.get('maxItems') ?? '100');
        if (!Number.isInteger(skip) || skip < 0 || !Number.isInteger(max) || max < 0) {
          return fail(res, 400, 'invalidArgument', 'skipCount/maxItems');
        }
        const page = all.slice(skip, skip + max);
        return sendJson(res, 200, {
          objects: page.map((c) => ({ object: view(c, succinct) })),
          hasMoreItems: skip + page.length < all.length,
          numItems: all.length,
        });
      }
      return fail(res, 400, 'invalidArgument', `unknown cmisselector ${selector}`);
    }
    if (req.method !== 'POST') return fail(res, 405, 'notSupported', `${req.method} not supported`);
    const body = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let form: Form;
    if (/^multipart\/form-data/i.test(contentType)) {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
      if (!boundary) return fail(res, 400, 'invalidArgument', 'multipart without boundary');
      const parsed = parseMultipart(body, boundary[1] ?? boundary[2]);
      if (!parsed) return fail(res, 400, 'invalidArgument', 'malformed multipart body');
      form = parsed;
    } else if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
      form = { fields: [...new URLSearchParams(body.toString('utf8'))], file: undefined };
    } else {
      return fail(res, 400, 'invalidArgument', 'a form submission is expected');
    }
    const field = (name: string): string | undefined => form.fields.find(([n]) => n === name)?.[1];
    const action = field('cmisaction')?.toLowerCase();
    if (!action) return fail(res, 400, 'invalidArgument', 'cmisaction is missing');
    // The property arrays: indexes from 0, no gaps, each id with its value.
    const ids = new Map<number, string>();
    const values = new Map<number, string>();
    for (const [name, value] of form.fields) {
      const m = /^property(Id|Value)\[(\d+)\]$/.exec(name);
      if (!m) continue;
      const target = m[1] === 'Id' ? ids : values;
      const i = Number(m[2]);
      if (target.has(i)) return fail(res, 400, 'invalidArgument', `${name} given twice`);
      target.set(i, value);
    }
    const properties: [string, string][] = [];
    for (let i = 0; i < ids.size; i++) {
      if (!ids.has(i))
        return fail(res, 400, 'invalidArgument', `propertyId[${i}] missing: arrays must be gapless from 0`);
      if (!values.has(i)) return fail(res, 400, 'invalidArgument', `propertyValue[${i}] missing`);
      properties.push([ids.get(i)!, values.get(i)!]);
    }
    if (values.size !== ids.size)
      return fail(res, 400, 'invalidArgument', 'propertyValue without propertyId');
    writes.push({ action, properties, contentType });
    if (failing > 0) {
      failing--;
      return fail(res, 500, 'runtime', 'repository unavailable');
    }
    if (action !== 'createfolder' && action !== 'createdocument') {
      return fail(res, 405, 'notSupported', `cmisaction ${action} not supported here`);
    }
    const parentId = field('objectId');
    const parent = parentId ? objects.get(parentId) : undefined;
    if (!parent) return fail(res, 404, 'objectNotFound', `folder ${parentId ?? '(none)'} not found`);
    if (parent.properties['cmis:baseTypeId'] !== 'cmis:folder') {
      return fail(res, 409, 'constraint', 'the parent is not a folder');
    }
    const props = Object.fromEntries(properties);
    const typeId = props['cmis:objectTypeId'];
    const name = props['cmis:name'];
    if (!typeId) return fail(res, 409, 'constraint', 'cmis:objectTypeId is required');
    if (!name) return fail(res, 409, 'constraint', 'cmis:name is required');
    const type = types[typeId];
    if (!type) return fail(res, 404, 'objectNotFound', `type ${typeId} not found`);
    const wantBase = action === 'createfolder' ? 'cmis:folder' : 'cmis:document';
    if (type.base !== wantBase) return fail(res, 409, 'constraint', `${typeId} is not a ${wantBase} type`);
    for (const id of Object.keys(props)) {
      if (!id.startsWith('cmis:') && !type.properties.includes(id)) {
        return fail(res, 409, 'constraint', `property ${id} is not defined by ${typeId}`);
      }
    }
    if (name.includes('/'))
      return fail(res, 409, 'nameConstraintViolation', "'/' is not allowed in cmis:name");
    for (const o of objects.values()) {
      if (o.parentId === parent.id && o.properties['cmis:name'] === name) {
        return fail(res, 409, 'nameConstraintViolation', `${name} exists in the folder`);
      }
    }
    if (action === 'createfolder' && form.file) {
      return fail(res, 400, 'invalidArgument', 'a folder has no content stream');
    }
    const id = randomUUID();
    const stored: StoredObject = {
      id,
      parentId: parent.id,
      properties: { ...props, 'cmis:baseTypeId': wantBase },
      content: form.file
        ? { mediaType: form.file.mediaType, fileName: form.file.fileName, bytes: form.file.bytes }
        : undefined,
    };
    objects.set(id, stored);
    res.setHeader('location', `${base}${rootPath}?objectId=${encodeURIComponent(id)}`);
    return sendJson(res, 201, view(stored, field('succinct') === 'true'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${base}/browser`,
    repositoryId,
    rootFolderId,
    objects,
    writes,
    failNextWrites(n) {
      failing = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Form {
  fields: [string, string][];
  file: { fileName: string; mediaType: string; bytes: Buffer } | undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** multipart/form-data (RFC 7578): parts between `--boundary` lines, headers, CRLF CRLF, body. */
function parseMultipart(body: Buffer, boundary: string): Form | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const form: Form = { fields: [], file: undefined };
  let pos = body.indexOf(delimiter);
  if (pos !== 0) return null;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return form;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') return null;
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return null;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return null;
    const content = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers);
    const name = disposition ? /\bname="([^"]*)"/.exec(disposition[1])?.[1] : undefined;
    if (!name) return null;
    const fileName = disposition ? /\bfilename="([^"]*)"/.exec(disposition[1])?.[1] : undefined;
    if (name === 'content') {
      const mediaType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1].trim() ?? 'application/octet-stream';
      form.file = { fileName: fileName ?? '', mediaType, bytes: Buffer.from(content) };
    } else {
      form.fields.push([name, content.toString('utf8')]);
    }
    pos = next + 2;
  }
}
