import { ApiProperty } from '@nestjs/swagger';
import { MIN_PASSWORD_LENGTH } from '../auth.policy.js';
import { objectBody, requiredString } from './body.js';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  newPassword: string;

  static parse(body: unknown): ChangePasswordDto {
    const b = objectBody(body);
    const dto = new ChangePasswordDto();
    dto.currentPassword = requiredString(b, 'currentPassword', 1024);
    dto.newPassword = requiredString(b, 'newPassword', 1024);
    return dto;
  }
}
