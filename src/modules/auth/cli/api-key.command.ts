/** `einvoice api-key create|revoke|list` — operator commands for API clients. */
import { API_CLIENT_ROLES } from '../auth.contract.js';
import type { ApiKey } from '../api-key.repository.js';
import { runCommand, operatorActor, parse, table, UsageError } from './cli-support.js';

const USAGE = `usage: einvoice api-key <command> [--json]

  create --tenant SLUG|ID --role ${API_CLIENT_ROLES.join('|')} --name NAME [--user EMAIL]
                      create an API key; the key is printed once and never again
                      (role approver: --user names the staff member the key acts as)
  revoke ID           revoke a key (it stops working at once)
  list [--tenant SLUG|ID]
                      list keys (of one tenant, or all); secrets are never shown
`;

const keyJson = (k: ApiKey) => ({
  id: k.id,
  tenantId: k.tenantId,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  createdBy: k.createdBy,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  userId: k.userId,
});

export async function run(argv: string[]): Promise<number> {
  return runCommand('api-key', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      user: { type: 'string' },
    });
    const [sub, ...args] = positionals;
    switch (sub) {
      case 'create': {
        const { tenant: tenantRef, role, name } = values;
        if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
        if (!tenantRef) throw new UsageError('--tenant is required');
        if (!role) throw new UsageError('--role is required');
        if (!name) throw new UsageError('--name is required');
        return async ({ tenants, apiKeys, users }, out) => {
          const tenant = await tenants.resolve(tenantRef);
          const userId = values.user ? (await users.getByEmail(tenant.id, values.user)).id : undefined;
          const { apiKey, key } = await apiKeys.create(tenant.id, { name, role, userId }, operatorActor());
          out.result(
            `created API key ${apiKey.id} (${apiKey.role}) for ${tenant.slug}\nkey (shown only now): ${key}`,
            { ...keyJson(apiKey), key },
          );
          return 0;
        };
      }
      case 'revoke': {
        if (args.length !== 1) throw new UsageError('give the id of the key to revoke');
        const id = args[0];
        return async ({ apiKeys }, out) => {
          const key = await apiKeys.revokeAnyTenant(id, operatorActor());
          out.result(`revoked API key ${key.id} (${key.name})`, keyJson(key));
          return 0;
        };
      }
      case 'list':
        if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
        return async ({ tenants, apiKeys }, out) => {
          const list = values.tenant
            ? await apiKeys.list((await tenants.resolve(values.tenant)).id)
            : await apiKeys.listAll();
          out.result(
            table(
              ['NAME', 'ROLE', 'PREFIX', 'REVOKED', 'LAST USED', 'TENANT', 'ID'],
              list.map((k) => [
                k.name,
                k.role,
                k.prefix,
                k.revokedAt?.toISOString() ?? '',
                k.lastUsedAt?.toISOString() ?? '',
                k.tenantId,
                k.id,
              ]),
            ),
            list.map(keyJson),
          );
          return 0;
        };
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    }
  });
}
