/** `einvoice user create|list|update|disable|enable|reset-password` — operator commands for staff users. */
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
  update --tenant SLUG|ID --email EMAIL [--name NAME] [--roles ROLE[,ROLE]]
                      change the display name and/or roles (the roles given replace
                      the old ones; the last enabled admin keeps the admin role)
  disable --tenant SLUG|ID --email EMAIL
                      no sign-in any more, open sessions end (the last enabled admin
                      cannot be disabled)
  enable --tenant SLUG|ID --email EMAIL
                      allow sign-in again
  reset-password --tenant SLUG|ID --email EMAIL
                      set a new one-time password, printed once (to be changed at the
                      next sign-in); ends the user's sessions and lifts a sign-in lock
`;

const userJson = (u: User) => ({
  id: u.id,
  tenantId: u.tenantId,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
  mustChangePassword: u.mustChangePassword,
  disabledAt: u.disabledAt ? u.disabledAt.toISOString() : null,
  createdAt: u.createdAt.toISOString(),
});

const splitRoles = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);

/** `--tenant` and `--email`, which every command on one user needs. */
function target(values: { tenant?: string; email?: string }): { tenantRef: string; email: string } {
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (!values.email) throw new UsageError('--email is required');
  return { tenantRef: values.tenant, email: values.email };
}

export async function run(argv: string[]): Promise<number> {
  return runCommand('user', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      roles: { type: 'string', multiple: true },
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
        const roles = splitRoles([...(values.role ?? []), ...(values.roles ?? [])]);
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
      case 'update': {
        const { tenantRef, email } = target(values);
        const given = [...(values.role ?? []), ...(values.roles ?? [])];
        const roles = given.length > 0 ? splitRoles(given) : undefined;
        if (roles === undefined && values.name === undefined)
          throw new UsageError('nothing to change: give --name and/or --roles');
        return async ({ tenants, users }, out) => {
          const tenant = await tenants.resolve(tenantRef);
          const before = await users.getByEmail(tenant.id, email);
          const user = await users.update(
            tenant.id,
            before.id,
            { displayName: values.name, roles },
            operatorActor(),
          );
          out.result(
            `updated user ${user.email} (${user.id}) in ${tenant.slug}: name '${user.displayName}', roles ${user.roles.join(', ')}`,
            userJson(user),
          );
          return 0;
        };
      }
      case 'disable':
      case 'enable': {
        const { tenantRef, email } = target(values);
        const disabled = sub === 'disable';
        return async ({ tenants, users }, out) => {
          const tenant = await tenants.resolve(tenantRef);
          const before = await users.getByEmail(tenant.id, email);
          const user = await users.setDisabled(tenant.id, before.id, disabled, operatorActor());
          out.result(`${sub}d user ${user.email} (${user.id}) in ${tenant.slug}`, userJson(user));
          return 0;
        };
      }
      case 'reset-password': {
        const { tenantRef, email } = target(values);
        return async ({ tenants, users }, out) => {
          const tenant = await tenants.resolve(tenantRef);
          const before = await users.getByEmail(tenant.id, email);
          const { user, generatedPassword } = await users.resetPassword(
            tenant.id,
            before.id,
            operatorActor(),
          );
          out.result(
            `reset the password of ${user.email} (${user.id}) in ${tenant.slug}; sessions ended\n` +
              `one-time password (shown only now, to be changed at the next sign-in): ${generatedPassword}`,
            { ...userJson(user), generatedPassword },
          );
          return 0;
        };
      }
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    }
  });
}
