import { TenantReceiverIdEntity } from './tenant-receiver-id.entity.js';
import { TenantEntity } from './tenant.entity.js';

export const TENANT_ENTITIES = [TenantEntity, TenantReceiverIdEntity];
