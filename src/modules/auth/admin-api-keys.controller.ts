import { Body, Controller, Header, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from './actor.js';
import { ApiKeyService } from './api-key.service.js';
import { CurrentPrincipal, type Principal, Roles } from './auth.contract.js';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

/** API clients of the caller's own tenant. */
@ApiTags('admin')
@Controller('api/v1/admin/api-keys')
@Roles('admin')
export class AdminApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyDto, isArray: true })
  async list(@CurrentPrincipal() p: Principal): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(p.tenantId)).map((k) => ApiKeyDto.of(k));
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.of(await this.apiKeys.get(p.tenantId, id));
  }

  @Post()
  // The answer carries a secret shown once: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: CreateApiKeyDto })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeys.create(p.tenantId, CreateApiKeyDto.parse(body), actorOf(p));
    return { apiKey: ApiKeyDto.of(apiKey), key };
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.of(await this.apiKeys.revoke(p.tenantId, id, actorOf(p)));
  }
}
