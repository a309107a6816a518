import { ApiProperty } from '@nestjs/swagger';
import { API_CLIENT_ROLES, type ApiClientRole } from '../auth.contract.js';
import type { ApiKey } from '../api-key.repository.js';
import type { CreateApiKeyInput } from '../api-key.service.js';
import { objectBody, requiredString } from './body.js';

export class CreateApiKeyDto implements CreateApiKeyInput {
  @ApiProperty({ example: 'ERP Stadtkasse' })
  name: string;

  @ApiProperty({ enum: API_CLIENT_ROLES })
  role: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description:
      'Role `approver` only (and required there): the staff member the key acts as, with their rights.',
  })
  userId?: string;

  static parse(body: unknown): CreateApiKeyDto {
    const b = objectBody(body);
    const dto = new CreateApiKeyDto();
    dto.name = requiredString(b, 'name', 200);
    dto.role = requiredString(b, 'role', 50);
    if (b.userId !== undefined) dto.userId = requiredString(b, 'userId', 36);
    return dto;
  }
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: API_CLIENT_ROLES })
  role: ApiClientRole;

  @ApiProperty({ description: 'Public part of the key (`eik_<prefix>_…`).' })
  prefix: string;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  revokedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastUsedAt: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Role `approver`: the staff member the key acts as.',
  })
  userId: string | null;

  static of(k: ApiKey): ApiKeyDto {
    return Object.assign(new ApiKeyDto(), {
      id: k.id,
      name: k.name,
      role: k.role,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt?.toISOString() ?? null,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      userId: k.userId,
    });
  }
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto })
  apiKey: ApiKeyDto;

  @ApiProperty({ description: 'The full key (`Authorization: Bearer <key>`): shown once, never again.' })
  key: string;
}
