import { Module } from '@nestjs/common';
import { AccountsModule } from '../approval/accounts/accounts.module.js';
import { ApprovalModule } from '../approval/approval.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { InvoicesModule } from '../invoices/invoices.module.js';
import { RecordsQueryModule } from '../records/query/records-query.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AccountsWebController } from './accounts-web.controller.js';
import { ApprovalPanelRenderer } from './approval-panel.renderer.js';
import { ApprovalWebController } from './approval-web.controller.js';
import { ApprovalAdminWebController } from './approval-admin-web.controller.js';
import { CsrfGuard } from './csrf.guard.js';
import { InvoiceWebController } from './invoice-web.controller.js';
import { MailboxesWebController } from './mailboxes-web.controller.js';
import { PreferencesWebController } from './preferences-web.controller.js';
import { RecordsWebController } from './records-web.controller.js';
import { RevalidationWebController } from './revalidation.controller.js';
import { SubstitutesWebController } from './substitutes-web.controller.js';
import { WebAssetsController } from './web-assets.controller.js';
import { WebController } from './web.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebPagesModule } from './web-pages.module.js';

/**
 * The server-rendered staff UI: `/`, `/login`, `/logout`, `/password`, `/inbox` (+ bulk), `/preferences`, `/substitutes`,
 * `/invoices/:id` with the approval panel and its form posts, `/admin/mailboxes`,
 * `/admin/revalidation`, `/admin/accounts`, `/admin/policies`, `/admin/groups`,
 * `/admin/limits`, `/records` (the case record), `/assets/*`.
 */
@Module({
  imports: [
    AuthModule,
    TenantsModule,
    IntakeModule,
    InvoicesModule,
    ApprovalModule,
    AccountsModule,
    WebPagesModule,
    RecordsQueryModule,
  ],
  controllers: [
    WebController,
    WebAssetsController,
    InvoiceWebController,
    MailboxesWebController,
    RevalidationWebController,
    AccountsWebController,
    ApprovalWebController,
    PreferencesWebController,
    ApprovalAdminWebController,
    SubstitutesWebController,
    RecordsWebController,
  ],
  providers: [WebExceptionFilter, CsrfGuard, ApprovalPanelRenderer],
})
export class WebModule {}
