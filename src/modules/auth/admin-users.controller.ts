import { Body, Controller, Header, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from './actor.js';
import { CurrentPrincipal, type Principal, Roles } from './auth.contract.js';
import { CreatedUserDto, CreateUserDto, UserDto } from './dto/user.dto.js';
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
