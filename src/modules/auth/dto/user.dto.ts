import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../auth.contract.js';
import type { CreateUserInput, PreferencesInput, UpdateUserInput } from '../user.service.js';
import type { User } from '../user.repository.js';
import { objectBody, optionalBoolean, optionalString, requiredString, stringArray } from './body.js';

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

  @ApiPropertyOptional({ enum: ['de', 'en'], description: 'The language of the user’s mails' })
  lang?: string;

  @ApiPropertyOptional({ description: 'Whether the user gets the daily digest of their open tasks' })
  digest?: boolean;

  static parse(body: unknown): UpdateUserDto {
    const b = objectBody(body);
    const dto = new UpdateUserDto();
    dto.displayName = optionalString(b, 'displayName', 200);
    if (b.roles !== undefined && b.roles !== null) dto.roles = stringArray(b, 'roles');
    dto.lang = optionalString(b, 'lang', 10);
    dto.digest = optionalBoolean(b, 'digest');
    return dto;
  }
}

/** A user's own mail preferences. */
export class PreferencesDto implements PreferencesInput {
  @ApiPropertyOptional({ enum: ['de', 'en'], description: 'The language of your mails' })
  lang?: string;

  @ApiPropertyOptional({ description: 'Get a daily digest of your open tasks' })
  digest?: boolean;

  static parse(body: unknown): PreferencesDto {
    const b = objectBody(body);
    const dto = new PreferencesDto();
    dto.lang = optionalString(b, 'lang', 10);
    dto.digest = optionalBoolean(b, 'digest');
    return dto;
  }
}

export class PreferencesStateDto {
  @ApiProperty({ enum: ['de', 'en'] })
  lang: 'de' | 'en';

  @ApiProperty()
  digest: boolean;

  static of(u: User): PreferencesStateDto {
    return Object.assign(new PreferencesStateDto(), { lang: u.lang, digest: u.digest });
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

  @ApiProperty({ enum: ['de', 'en'], description: 'The language of the user’s mails' })
  lang: 'de' | 'en';

  @ApiProperty({ description: 'Whether the user gets the daily digest of their open tasks' })
  digest: boolean;

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
      lang: u.lang,
      digest: u.digest,
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
