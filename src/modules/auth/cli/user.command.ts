/** `einvoice user create|list` — operator commands for staff users. */
import { STAFF_ROLES } from '../auth.contract.js';
import type { User } from '../user.repository.js';
import { runCommand, operatorActor, parse, table, UsageError } from './cli-support.js';

const USAGE = `usage: einvoice user <command> [--json]

  create --tenant SLUG|ID --email EMAIL --role ROLE[,ROLE] [--name NAME] [--password PASSWORD]
                      create a staff user; roles: ${STAFF_ROLES.join(', ')}.
                      Without --password a password is generated and printed once
                      (to be changed at first login).
  list [--tenant SLUG|ID]
                      list users (of one tenant, or all)
`;

const userJson = (u: User) => ({
  id: u.id,
  tenantId: u.tenantId,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt.toISOString(),
});

export async function run(argv: string[]): Promise<number> {
  return runCommand('user', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      password: { type: 'string' },
    });
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    switch (sub) {
      case 'create': {
        const { tenant: tenantRef, email } = values;
        if (!tenantRef) throw new UsageError('--tenant is required');
        if (!email) throw new UsageError('--email is required');
        const roles = (values.role ?? [])
          .flatMap((r) => r.split(','))
          .map((r) => r.trim())
          .filter(Boolean);
        if (roles.length === 0) throw new UsageError('--role is required');
        return async ({ tenants, users }, out) => {
          const tenant = await tenants.resolve(tenantRef);
          const { user, generatedPassword } = await users.create(
            tenant.id,
            { email, roles, displayName: values.name, password: values.password },
            operatorActor(),
          );
          const human =
            `created user ${user.email} (${user.id}) in ${tenant.slug} with roles ${user.roles.join(', ')}` +
            (generatedPassword ? `\nfirst-login password (shown only now): ${generatedPassword}` : '');
          out.result(human, generatedPassword ? { ...userJson(user), generatedPassword } : userJson(user));
          return 0;
        };
      }
      case 'list':
        return async ({ tenants, users }, out) => {
          const list = values.tenant
            ? await users.list((await tenants.resolve(values.tenant)).id)
            : await users.listAll();
          out.result(
            table(
              ['EMAIL', 'ROLES', 'LOCKED', 'TENANT', 'ID'],
              list.map((u) => {
                const j = userJson(u);
                return [u.email, u.roles.join(','), j.lockedUntil ? 'yes' : '', u.tenantId, u.id];
              }),
            ),
            list.map(userJson),
          );
          return 0;
        };
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    }
  });
}
