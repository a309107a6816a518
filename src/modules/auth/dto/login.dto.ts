import { ApiProperty } from '@nestjs/swagger';
import { objectBody, optionalString, requiredString } from './body.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@musterstadt.example' })
  email: string;

  @ApiProperty({ format: 'password' })
  password: string;

  @ApiProperty({
    required: false,
    description:
      'Slug or id of the tenant, needed only when the same address and password fit accounts in several tenants (409 AUTH_TENANT_REQUIRED).',
  })
  tenant?: string;

  static parse(body: unknown): LoginDto {
    const b = objectBody(body);
    const dto = new LoginDto();
    dto.email = requiredString(b, 'email', 254);
    // Upper bound: argon2 would hash megabytes happily, at the server's expense.
    dto.password = requiredString(b, 'password', 1024);
    dto.tenant = optionalString(b, 'tenant', 100) || undefined;
    return dto;
  }
}
