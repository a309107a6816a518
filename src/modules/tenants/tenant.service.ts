import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { TENANT_KINDS, type TenantKind } from './entities/tenant.entity.js';
import { RECEIVER_ID_SCHEMES } from './entities/tenant-receiver-id.entity.js';
import { checkLeitwegId } from './leitweg-id.js';
import {
  ReceiverIdMissingError,
  TenantConflictError,
  TenantRepository,
  type ReceiverId,
  type Tenant,
} from './tenant.repository.js';
import { TenantErrors } from './tenants.errors.js';

export interface CreateTenantInput {
  readonly name: string;
  readonly slug?: string;
  readonly kind?: TenantKind;
  readonly leitwegIds?: readonly string[];
  /** Further receiver ids (VAT id `9930`, GLN `0088`, …); Leitweg-IDs may also come here as `0204`. */
  readonly receiverIds?: readonly ReceiverId[];
}

export interface UpdateTenantInput {
  readonly name?: string;
  /** Checked like at creation, check digits included. */
  readonly addLeitwegIds?: readonly string[];
  /** Removed as given (normalised only), so an id can go whatever its check digits. */
  readonly removeLeitwegIds?: readonly string[];
}

/** `Stadt Münster-Süd` → `stadt-muenster-sued`. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

@Injectable()
export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(input: CreateTenantInput, actor: string): Promise<Tenant> {
    const name = input.name.trim();
    const slug = input.slug?.trim() || slugify(name);
    const kind = input.kind ?? 'municipality';
    if (name.length === 0 || name.length > 200) {
      throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'name' });
    }
    if (!SLUG.test(slug)) throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'slug' });
    if (!TENANT_KINDS.includes(kind)) throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'kind' });
    const receiverIds = this.receiverIds(input);

    const id = randomUUID();
    try {
      return await this.tx.inTenant(id, async () => {
        const tenant = await this.tenants.create(id, { name, slug, kind, receiverIds });
        await this.audit.record({
          tenantId: id,
          actor,
          action: 'tenant.created',
          subject: `tenant:${id}`,
          data: { name, slug, kind, receiverIds },
        });
        return tenant;
      });
    } catch (err) {
      if (err instanceof TenantConflictError) {
        throw new DomainError(
          err.conflict === 'slug' ? TenantErrors.TENANT_SLUG_TAKEN : TenantErrors.TENANT_RECEIVER_ID_TAKEN,
          err.conflict === 'slug' ? { slug } : undefined,
        );
      }
      throw err;
    }
  }

  /**
   * Renames a tenant and adds or removes Leitweg-IDs (operator). The slug stays: it is how
   * operators and sign-in name the tenant. Invoices already received keep their routing.
   */
  async update(tenantId: string, input: UpdateTenantInput, actor: string): Promise<Tenant> {
    const name = input.name?.trim();
    if (name !== undefined && (name.length === 0 || name.length > 200)) {
      throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'name' });
    }
    const add = this.receiverIds({ name: '', leitwegIds: input.addLeitwegIds ?? [] });
    const remove = [...new Set((input.removeLeitwegIds ?? []).map((v) => v.trim().toUpperCase()))].map(
      (value) => ({ scheme: RECEIVER_ID_SCHEMES.leitwegId, value }),
    );
    if (name === undefined && add.length === 0 && remove.length === 0) {
      throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'update' });
    }
    try {
      return await this.tx.inTenant(tenantId, async () => {
        const before = await this.tenants.findById(tenantId);
        if (!before) throw new DomainError(TenantErrors.TENANT_NOT_FOUND);
        const tenant = (await this.tenants.update(tenantId, { name, add, remove }))!;
        await this.audit.record({
          tenantId,
          actor,
          action: 'tenant.updated',
          subject: `tenant:${tenantId}`,
          data: {
            ...(name !== undefined ? { name: { from: before.name, to: tenant.name } } : {}),
            ...(add.length > 0 ? { addedReceiverIds: add } : {}),
            ...(remove.length > 0 ? { removedReceiverIds: remove } : {}),
          },
        });
        return tenant;
      });
    } catch (err) {
      if (err instanceof TenantConflictError) throw new DomainError(TenantErrors.TENANT_RECEIVER_ID_TAKEN);
      if (err instanceof ReceiverIdMissingError) {
        throw new DomainError(TenantErrors.TENANT_RECEIVER_ID_NOT_FOUND, {
          scheme: err.receiverId.scheme,
          value: err.receiverId.value,
        });
      }
      throw err;
    }
  }

  private receiverIds(input: CreateTenantInput): ReceiverId[] {
    const out: ReceiverId[] = [];
    const leitweg = [
      ...(input.leitwegIds ?? []),
      ...(input.receiverIds ?? [])
        .filter((r) => r.scheme === RECEIVER_ID_SCHEMES.leitwegId)
        .map((r) => r.value),
    ];
    for (const raw of leitweg) {
      const check = checkLeitwegId(raw);
      if (!check.ok) {
        throw new DomainError(TenantErrors.TENANT_LEITWEG_ID_INVALID, {
          leitwegId: raw,
          problem: check.problem,
          ...(check.expectedCheckDigits ? { expectedCheckDigits: check.expectedCheckDigits } : {}),
        });
      }
      out.push({ scheme: RECEIVER_ID_SCHEMES.leitwegId, value: check.value });
    }
    for (const r of input.receiverIds ?? []) {
      if (r.scheme === RECEIVER_ID_SCHEMES.leitwegId) continue;
      const value = r.value.trim();
      if (!/^\d{4}$/.test(r.scheme) || value.length === 0 || value.length > 100) {
        throw new DomainError(TenantErrors.TENANT_INVALID, { field: 'receiverIds', scheme: r.scheme });
      }
      out.push({ scheme: r.scheme, value });
    }
    const seen = new Set<string>();
    return out.filter((r) => {
      const key = `${r.scheme}:${r.value}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The caller's own tenant. */
  async get(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.findById(tenantId);
    if (!tenant) throw new DomainError(TenantErrors.TENANT_NOT_FOUND);
    return tenant;
  }

  /** Every tenant of the installation (operator). */
  listAll(): Promise<Tenant[]> {
    return this.tenants.listAll();
  }

  /** A tenant by slug or id (operator). */
  async resolve(ref: string): Promise<Tenant> {
    const tenant = await this.tenants.findBySlugOrId(ref.trim());
    if (!tenant) throw new DomainError(TenantErrors.TENANT_NOT_FOUND, { tenant: ref });
    return tenant;
  }

  /** The tenant an invoice addressed to this receiver id belongs to (intake routing). */
  findByReceiverId(scheme: string, value: string): Promise<Tenant | undefined> {
    const normalised = scheme === RECEIVER_ID_SCHEMES.leitwegId ? value.trim().toUpperCase() : value.trim();
    return this.tenants.findByReceiverId(scheme, normalised);
  }

  count(): Promise<number> {
    return this.tenants.count();
  }
}
