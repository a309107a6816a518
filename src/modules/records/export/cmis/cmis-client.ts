import { randomBytes } from 'node:crypto';
import { isOutboundForbidden, type OutboundGuard } from '../../../../common/net/outbound-guard.js';
import { guardedRequest, type HttpAnswer } from '../guarded-http.js';

/**
 * A client of the CMIS 1.1 browser binding (OASIS CMIS 1.1 §5), only what filing needs:
 * the repository info, createFolder, createDocument (multipart/form-data with the
 * property arrays `propertyId[n]`/`propertyValue[n]` gapless from 0, `succinct=true`), and
 * the reads `cmisselector=object|children|content`. Basic auth. Every connection goes
 * through the outbound guard (the address is checked where the socket resolves it), no
 * redirect is followed, answers are bounded in size and time.
 */
export interface CmisConnection {
  /** The browser binding's service URL (`…/browser`), answering the repositories JSON. */
  readonly endpoint: string;
  readonly repositoryId: string;
  readonly user: string;
  readonly password: string;
}

export interface CmisObject {
  readonly objectId: string;
  readonly name: string;
  readonly baseTypeId: string;
  readonly objectTypeId: string;
  /** All succinct properties as the repository sent them. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** A CMIS exception the repository answered with (or a transport failure: `exception` 'transport'). */
export class CmisError extends Error {
  constructor(
    readonly exception: string,
    readonly status: number,
    message: string,
  ) {
    super(`CMIS ${exception} (${status}): ${message}`);
    this.name = 'CmisError';
  }
}

export interface CmisClientOptions {
  readonly timeoutMs?: number;
  /** Largest answer read (content reads included). */
  readonly maxResponseBytes?: number;
}

type Answer = HttpAnswer;

type Property = readonly [id: string, value: string];

export class CmisClient {
  private repoInfo: { rootFolderUrl: string; rootFolderId: string } | undefined;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(
    private readonly conn: CmisConnection,
    private readonly guard: OutboundGuard,
    options: CmisClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBytes = options.maxResponseBytes ?? 256 * 1024 * 1024;
  }

  /** The repository's info from `GET <endpoint>` (the repositories JSON), keyed by its id. */
  async repository(): Promise<{ rootFolderUrl: string; rootFolderId: string }> {
    if (this.repoInfo) return this.repoInfo;
    const a = await this.send('GET', new URL(this.conn.endpoint));
    const all = this.json(a) as Record<string, { rootFolderUrl?: unknown; rootFolderId?: unknown }>;
    const info = all?.[this.conn.repositoryId];
    if (!info || typeof info.rootFolderUrl !== 'string' || typeof info.rootFolderId !== 'string') {
      throw new CmisError('objectNotFound', 404, `repository ${this.conn.repositoryId} not offered`);
    }
    // The URLs the repository names are used only on the endpoint's own origin.
    const root = new URL(info.rootFolderUrl, this.conn.endpoint);
    if (root.origin !== new URL(this.conn.endpoint).origin) {
      throw new CmisError('runtime', 0, 'rootFolderUrl points to another origin');
    }
    this.repoInfo = { rootFolderUrl: root.href, rootFolderId: info.rootFolderId };
    return this.repoInfo;
  }

  async createFolder(parentId: string, name: string, typeId: string): Promise<CmisObject> {
    return this.post('createFolder', parentId, [
      ['cmis:objectTypeId', typeId],
      ['cmis:name', name],
    ]);
  }

  async createDocument(
    folderId: string,
    doc: {
      name: string;
      typeId: string;
      mediaType: string;
      content: Uint8Array;
      properties?: readonly Property[];
    },
  ): Promise<CmisObject> {
    return this.post(
      'createDocument',
      folderId,
      [['cmis:objectTypeId', doc.typeId], ['cmis:name', doc.name], ...(doc.properties ?? [])],
      { name: doc.name, mediaType: doc.mediaType, content: doc.content },
    );
  }

  async object(objectId: string): Promise<CmisObject> {
    const a = await this.send('GET', await this.readUrl(objectId, 'object'));
    return toObject(this.json(a));
  }

  /** All children of a folder (pages of 100 followed to the end). */
  async children(folderId: string): Promise<CmisObject[]> {
    const out: CmisObject[] = [];
    for (let skip = 0; ;) {
      const url = await this.readUrl(folderId, 'children');
      url.searchParams.set('maxItems', '100');
      url.searchParams.set('skipCount', String(skip));
      const page = this.json(await this.send('GET', url)) as {
        objects?: { object?: unknown }[];
        hasMoreItems?: boolean;
      };
      const objects = Array.isArray(page?.objects) ? page.objects : [];
      for (const o of objects) out.push(toObject(o?.object));
      skip += objects.length;
      if (!page?.hasMoreItems || objects.length === 0) return out;
    }
  }

  async content(objectId: string): Promise<Buffer> {
    return (await this.send('GET', await this.readUrl(objectId, 'content'))).body;
  }

  private async readUrl(objectId: string, selector: string): Promise<URL> {
    const url = new URL((await this.repository()).rootFolderUrl);
    url.searchParams.set('objectId', objectId);
    url.searchParams.set('cmisselector', selector);
    url.searchParams.set('succinct', 'true');
    return url;
  }

  private async post(
    action: string,
    objectId: string,
    properties: readonly Property[],
    file?: { name: string; mediaType: string; content: Uint8Array },
  ): Promise<CmisObject> {
    const fields: [string, string][] = [
      ['cmisaction', action],
      ['objectId', objectId],
      ['succinct', 'true'],
    ];
    properties.forEach(([id, value], i) => {
      fields.push([`propertyId[${i}]`, id], [`propertyValue[${i}]`, value]);
    });
    const boundary = `----einvoice-cmis-${randomBytes(12).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of fields) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${value}\r\n`,
          'utf8',
        ),
      );
    }
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${headerSafe(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\nContent-Type: ${headerSafe(file.mediaType)}\r\n\r\n`,
          'utf8',
        ),
        Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
        Buffer.from('\r\n', 'utf8'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
    const url = new URL((await this.repository()).rootFolderUrl);
    const a = await this.send('POST', url, {
      body: Buffer.concat(parts),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
    return toObject(this.json(a));
  }

  private json(a: Answer): unknown {
    try {
      return JSON.parse(a.body.toString('utf8'));
    } catch {
      throw new CmisError('runtime', a.status, 'answer is not JSON');
    }
  }

  private async send(
    method: 'GET' | 'POST',
    url: URL,
    post?: { body: Buffer; contentType: string },
  ): Promise<Answer> {
    const auth = Buffer.from(`${this.conn.user}:${this.conn.password}`, 'utf8').toString('base64');
    const headers: Record<string, string> = { authorization: `Basic ${auth}`, accept: 'application/json' };
    if (post) headers['content-type'] = post.contentType;
    let a: HttpAnswer;
    try {
      a = await guardedRequest(this.guard, method, url, {
        headers,
        body: post?.body,
        timeoutMs: this.timeoutMs,
        maxBytes: this.maxBytes,
      });
    } catch (err) {
      if (isOutboundForbidden(err)) throw err;
      throw new CmisError('transport', 0, err instanceof Error ? err.message : String(err));
    }
    if (a.status >= 200 && a.status < 300) return a;
    let exception = a.status === 401 ? 'permissionDenied' : 'runtime';
    let message = `HTTP ${a.status}`;
    try {
      const e = JSON.parse(a.body.toString('utf8')) as { exception?: unknown; message?: unknown };
      if (typeof e.exception === 'string') exception = e.exception.slice(0, 64);
      if (typeof e.message === 'string') message = e.message.slice(0, 500);
    } catch {
      // not the binding's exception object: the status says it
    }
    throw new CmisError(exception, a.status, message);
  }
}

function headerSafe(s: string): string {
  return s.replace(/["\r\n\\]/g, '_');
}

function toObject(raw: unknown): CmisObject {
  const props = (raw as { succinctProperties?: Record<string, unknown> } | null)?.succinctProperties;
  if (!props || typeof props !== 'object')
    throw new CmisError('runtime', 0, 'object without succinctProperties');
  const str = (k: string): string => (typeof props[k] === 'string' ? props[k] : '');
  if (!str('cmis:objectId')) throw new CmisError('runtime', 0, 'object without cmis:objectId');
  return {
    objectId: str('cmis:objectId'),
    name: str('cmis:name'),
    baseTypeId: str('cmis:baseTypeId'),
    objectTypeId: str('cmis:objectTypeId'),
    properties: props,
  };
}
