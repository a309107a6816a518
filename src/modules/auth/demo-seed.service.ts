import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { TenantService } from '../tenants/tenant.service.js';
import { UserService } from './user.service.js';

export const DEMO_TENANT = {
  name: 'Musterstadt',
  slug: 'musterstadt',
  // The Leitweg-ID of the official XRechnung test documents, so they route to the demo tenant.
  leitwegId: '04011000-12345-03',
  adminEmail: 'admin@musterstadt.example',
} as const;

/**
 * On the first start of an empty installation (`DEMO_SEED`, on by default with the
 * embedded database), creates the demo tenant and its admin and prints the admin's
 * generated password once, as a banner on stdout (not in the JSON log, which may be
 * shipped elsewhere). Two processes starting at once: the slower one finds the slug taken
 * and does nothing.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantService,
    private readonly users: UserService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    await this.seed();
  }

  /** Returns the admin's password when it seeded, undefined when the installation was not empty. */
  async seed(write: (text: string) => void = (t) => process.stdout.write(t)): Promise<string | undefined> {
    if ((await this.tenants.count()) > 0) return undefined;
    try {
      const tenant = await this.tenants.create(
        {
          name: DEMO_TENANT.name,
          slug: DEMO_TENANT.slug,
          kind: 'municipality',
          leitwegIds: [DEMO_TENANT.leitwegId],
        },
        'system:demo-seed',
      );
      const { generatedPassword } = await this.users.create(
        tenant.id,
        { email: DEMO_TENANT.adminEmail, displayName: 'Admin Musterstadt', roles: ['admin'] },
        'system:demo-seed',
      );
      write(banner(this.config.publicBaseUrl, DEMO_TENANT.adminEmail, generatedPassword!));
      this.logger.log(`demo tenant ${DEMO_TENANT.name} created with admin ${DEMO_TENANT.adminEmail}`);
      return generatedPassword;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'TENANT_SLUG_TAKEN') return undefined;
      throw err;
    }
  }
}

function banner(url: string, email: string, password: string): string {
  const lines = [
    'Demo tenant "Musterstadt" created. First login (shown only this once):',
    `  URL:      ${url}/`,
    `  E-mail:   ${email}`,
    `  Password: ${password}`,
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '='.repeat(width + 2);
  return ['', rule, ...lines.map((l) => `| ${l.padEnd(width - 1)}|`), rule, ''].join('\n') + '\n';
}
