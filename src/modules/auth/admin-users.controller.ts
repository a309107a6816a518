import { Body, Controller, Header, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from './actor.js';
import { CurrentPrincipal, type Principal, Roles } from './auth.contract.js';
import { CreatedUserDto, CreateUserDto, PasswordResetDto, UpdateUserDto, UserDto } from './dto/user.dto.js';
import { UserService } from './user.service.js';

/** Staff users of the caller's own tenant. */
@ApiTags('admin')
@Controller('api/v1/admin/users')
@Roles('admin')
export class AdminUsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiOkResponse({ type: UserDto, isArray: true })
  async list(@CurrentPrincipal() p: Principal): Promise<UserDto[]> {
    return (await this.users.list(p.tenantId)).map((u) => UserDto.of(u));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<UserDto> {
    return UserDto.of(await this.users.get(p.tenantId, id));
  }

  @Post()
  // The answer carries a secret shown once: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: CreateUserDto })
  @ApiCreatedResponse({ type: CreatedUserDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<CreatedUserDto> {
    const { user, generatedPassword } = await this.users.create(
      p.tenantId,
      CreateUserDto.parse(body),
      actorOf(p),
    );
    return generatedPassword ? { user: UserDto.of(user), generatedPassword } : { user: UserDto.of(user) };
  }

  @Patch(':id')
  @ApiBody({ type: UpdateUserDto })
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UserDto> {
    return UserDto.of(await this.users.update(p.tenantId, id, UpdateUserDto.parse(body), actorOf(p)));
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  // The answer carries a secret shown once: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: PasswordResetDto })
  async resetPassword(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<PasswordResetDto> {
    const { user, generatedPassword } = await this.users.resetPassword(p.tenantId, id, actorOf(p));
    return { user: UserDto.of(user), generatedPassword };
  }

  @Post(':id/disable')
  @ApiOkResponse({ type: UserDto })
  async disable(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<UserDto> {
    return UserDto.of(await this.users.setDisabled(p.tenantId, id, true, actorOf(p)));
  }

  @Post(':id/enable')
  @ApiOkResponse({ type: UserDto })
  async enable(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<UserDto> {
    return UserDto.of(await this.users.setDisabled(p.tenantId, id, false, actorOf(p)));
  }
}
