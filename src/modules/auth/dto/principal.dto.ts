import { ApiProperty } from '@nestjs/swagger';
import { API_CLIENT_ROLES, STAFF_ROLES, type Principal, type Role } from '../auth.contract.js';

export class PrincipalDto {
  @ApiProperty({ enum: ['user', 'api-client'] })
  kind: 'user' | 'api-client';

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  tenantId: string;

  @ApiProperty({ enum: [...STAFF_ROLES, ...API_CLIENT_ROLES], isArray: true })
  roles: Role[];

  @ApiProperty()
  displayName: string;

  static of(p: Principal): PrincipalDto {
    return Object.assign(new PrincipalDto(), {
      kind: p.kind,
      id: p.id,
      tenantId: p.tenantId,
      roles: [...p.roles],
      displayName: p.displayName,
    });
  }
}

export class LoginResponseDto {
  @ApiProperty({ type: PrincipalDto })
  principal: PrincipalDto;

  @ApiProperty({
    description: 'Session token; also set as the session cookie. Usable as `Authorization: Bearer`.',
  })
  token: string;

  @ApiProperty()
  expiresAt: string;

  @ApiProperty()
  mustChangePassword: boolean;
}

export class TenantSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  slug: string;
}

export class MeDto {
  @ApiProperty({ type: PrincipalDto })
  principal: PrincipalDto;

  @ApiProperty({ type: TenantSummaryDto })
  tenant: TenantSummaryDto;
}
