import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CsrfGuard } from './csrf.guard.js';
import { PageRenderer } from './page.renderer.js';
import { StatusPageRenderer } from './status-page.renderer.js';
import { WebAssetsController } from './web-assets.controller.js';
import { WebController } from './web.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/**
 * The server-rendered staff UI: `/`, `/login`, `/logout`, `/password`, `/inbox`, `/assets/*`;
 * and the page of the suppliers' status link, which the intake module's route renders.
 */
@Module({
  imports: [AuthModule, TenantsModule],
  controllers: [WebController, WebAssetsController],
  providers: [PageRenderer, WebExceptionFilter, CsrfGuard, StatusPageRenderer],
  exports: [StatusPageRenderer],
})
export class WebModule {}
