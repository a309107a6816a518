import { Body, Controller, Get, Header, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginRateLimit } from '../../common/http/rate-limit.js';
import { AppConfig } from '../../config/app-config.js';
import { TenantService } from '../tenants/tenant.service.js';
import { rotateCsrfToken } from '../web/csrf.js';
import {
  Authenticated,
  CurrentPrincipal,
  PasswordChangeRoute,
  Public,
  type Principal,
  SESSION_COOKIE,
} from './auth.contract.js';
import { credentialOf } from './access.guard.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponseDto, MeDto, PrincipalDto } from './dto/principal.dto.js';
import { PreferencesDto, PreferencesStateDto } from './dto/user.dto.js';
import { AuthErrors } from './auth.errors.js';
import { UserService } from './user.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { sessionCookieOptions } from './session-cookie.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tenants: TenantService,
    private readonly config: AppConfig,
    private readonly users: UserService,
  ) {}

  @Post('auth/login')
  @Public()
  @LoginRateLimit()
  @HttpCode(200)
  // The answer carries the session token: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponseDto })
  async login(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const dto = LoginDto.parse(body);
    const result = await this.auth.login(
      dto.email,
      dto.password,
      { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null },
      dto.tenant,
    );
    const cookie = sessionCookieOptions(this.config);
    res.cookie(SESSION_COOKIE, result.token, cookie);
    // A client that keeps using the cookie sends this token back as X-CSRF-Token on changes.
    rotateCsrfToken(res, cookie.secure === true);
    return {
      principal: PrincipalDto.of(result.principal),
      token: result.token,
      expiresAt: result.expiresAt.toISOString(),
      mustChangePassword: result.mustChangePassword,
    };
  }

  /** Public so that a stale or expired session can always be cleared. */
  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const credential = credentialOf(req);
    if (credential?.kind === 'session') await this.auth.logout(credential.value);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
  }

  /** Changes the caller's own password; the caller's session stays, all others end. */
  @Post('auth/password')
  @Authenticated()
  @PasswordChangeRoute()
  @LoginRateLimit()
  @HttpCode(204)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: ChangePasswordDto })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<void> {
    const dto = ChangePasswordDto.parse(body);
    const credential = credentialOf(req);
    await this.auth.changePassword(
      principal,
      dto.currentPassword,
      dto.newPassword,
      credential?.kind === 'session' ? credential.value : undefined,
    );
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const tenant = await this.tenants.get(principal.tenantId);
    return {
      principal: PrincipalDto.of(principal),
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
    };
  }

  /** The caller's own mail preferences (staff users only). */
  @Get('me/preferences')
  @Authenticated()
  @ApiOkResponse({ type: PreferencesStateDto })
  @ApiForbiddenResponse({ description: 'The caller is no staff user (an API key)' })
  async preferences(@CurrentPrincipal() principal: Principal): Promise<PreferencesStateDto> {
    return PreferencesStateDto.of(await this.users.get(principal.tenantId, this.staffUserId(principal)));
  }

  /** Sets the caller's language of mails and whether they get the daily digest. */
  @Patch('me/preferences')
  @Authenticated()
  @ApiBody({ type: PreferencesDto })
  @ApiOkResponse({ type: PreferencesStateDto })
  @ApiForbiddenResponse({ description: 'The caller is no staff user (an API key)' })
  async setPreferences(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
  ): Promise<PreferencesStateDto> {
    const dto = PreferencesDto.parse(body);
    return PreferencesStateDto.of(
      await this.users.setPreferences(principal.tenantId, this.staffUserId(principal), dto),
    );
  }

  private staffUserId(principal: Principal): string {
    if (principal.kind !== 'user') throw new DomainError(AuthErrors.AUTH_FORBIDDEN);
    return principal.id;
  }
}
