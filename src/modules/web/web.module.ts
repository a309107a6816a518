import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CsrfGuard } from './csrf.guard.js';
import { PageRenderer } from './page.renderer.js';
import { RevalidationWebController } from './revalidation.controller.js';
import { WebAssetsController } from './web-assets.controller.js';
import { WebController } from './web.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** The server-rendered staff UI: `/`, `/login`, `/logout`, `/password`, `/inbox`, `/assets/*`. */
@Module({
  imports: [AuthModule, TenantsModule, IntakeModule],
  controllers: [WebController, WebAssetsController, RevalidationWebController],
  providers: [PageRenderer, WebExceptionFilter, CsrfGuard],
})
export class WebModule {}
