import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { SkipRateLimit } from '../../common/http/rate-limit.js';
import { Public } from '../auth/auth.contract.js';
import { REPORT_CSS } from '../validation/index.js';

// Read once at start: the files ship beside the compiled code (`swc --copy-files`).
const asset = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/**
 * The UI's static files: the stylesheets and the icon (no inline styles, so a strict CSP
 * holds). The validation report's stylesheet comes from the report module, which also
 * inlines it into reports that travel as files.
 */
@Controller('assets')
@Public()
@SkipRateLimit()
@ApiExcludeController()
export class WebAssetsController {
  private readonly css = asset('web.css');
  private readonly icon = asset('favicon.svg');

  @Get('web.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return this.css;
  }

  @Get('report.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  reportStylesheet(): string {
    return REPORT_CSS;
  }

  @Get('favicon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): string {
    return this.icon;
  }
}
