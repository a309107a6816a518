import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ErrorPageRenderer } from './error-page.renderer.js';
import { PageRenderer } from './page.renderer.js';
import { StatusPageRenderer } from './status-page.renderer.js';

/**
 * The page renderers other modules need: the suppliers' status page (rendered by the intake
 * module's route) and the error pages browsers get from any route (the global error
 * filter's HTML answer). A module of its own so that intake can use them while the staff
 * UI's module uses intake's services, without the two importing each other.
 */
@Module({
  imports: [TenantsModule],
  providers: [PageRenderer, StatusPageRenderer, ErrorPageRenderer],
  exports: [PageRenderer, StatusPageRenderer, ErrorPageRenderer],
})
export class WebPagesModule {}
