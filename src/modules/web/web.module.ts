import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CsrfGuard } from './csrf.guard.js';
import { ErrorPageRenderer } from './error-page.renderer.js';
import { PageRenderer } from './page.renderer.js';
import { StatusPageRenderer } from './status-page.renderer.js';
import { WebAssetsController } from './web-assets.controller.js';
import { WebController } from './web.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/**
 * The server-rendered staff UI: `/`, `/login`, `/logout`, `/password`, `/inbox`, `/assets/*`;
 * the page of the suppliers' status link, which the intake module's route renders; and the
 * error pages browsers get from any route (the global error filter's HTML answer).
 */
@Module({
  imports: [AuthModule, TenantsModule],
  controllers: [WebController, WebAssetsController],
  providers: [PageRenderer, WebExceptionFilter, CsrfGuard, StatusPageRenderer, ErrorPageRenderer],
  exports: [StatusPageRenderer, ErrorPageRenderer],
})
export class WebModule {}
