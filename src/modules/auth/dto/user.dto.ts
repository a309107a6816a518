import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../auth.contract.js';
import type { CreateUserInput, UpdateUserInput } from '../user.service.js';
import type { User } from '../user.repository.js';
import { objectBody, optionalString, requiredString, stringArray } from './body.js';

export class CreateUserDto implements CreateUserInput {
  @ApiProperty()
  email: string;

  @ApiPropertyOptional()
  displayName?: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  roles: string[];

  @ApiPropertyOptional({
    description: 'Omit to get a generated first-login password (returned once).',
    minLength: 12,
  })
  password?: string;

  static parse(body: unknown): CreateUserDto {
    const b = objectBody(body);
    const dto = new CreateUserDto();
    dto.email = requiredString(b, 'email', 254);
    dto.displayName = optionalString(b, 'displayName', 200);
    dto.roles = stringArray(b, 'roles');
    dto.password = optionalString(b, 'password', 1024);
    return dto;
  }
}

export class UpdateUserDto implements UpdateUserInput {
  @ApiPropertyOptional({ maxLength: 200 })
  displayName?: string;

  @ApiPropertyOptional({
    enum: STAFF_ROLES,
    isArray: true,
    description: 'The complete new set of roles (replaces the old one)',
  })
  roles?: string[];

  static parse(body: unknown): UpdateUserDto {
    const b = objectBody(body);
    const dto = new UpdateUserDto();
    dto.displayName = optionalString(b, 'displayName', 200);
    if (b.roles !== undefined && b.roles !== null) dto.roles = stringArray(b, 'roles');
    return dto;
  }
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  roles: StaffRole[];

  @ApiProperty({ nullable: true, type: String })
  lockedUntil: string | null;

  @ApiProperty()
  mustChangePassword: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'Set while the account is disabled' })
  disabledAt: string | null;

  @ApiProperty()
  createdAt: string;

  static of(u: User): UserDto {
    return Object.assign(new UserDto(), {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: [...u.roles],
      lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
      mustChangePassword: u.mustChangePassword,
      disabledAt: u.disabledAt ? u.disabledAt.toISOString() : null,
      createdAt: u.createdAt.toISOString(),
    });
  }
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiPropertyOptional({ description: 'Only when no password was given: shown once, never again.' })
  generatedPassword?: string;
}

export class PasswordResetDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ description: 'The new one-time password: shown once, to be replaced at the next sign-in.' })
  generatedPassword: string;
}
