import { ApiProperty } from '@nestjs/swagger';
import { objectBody, requiredString } from './body.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@musterstadt.example' })
  email: string;

  @ApiProperty({ format: 'password' })
  password: string;

  static parse(body: unknown): LoginDto {
    const b = objectBody(body);
    const dto = new LoginDto();
    dto.email = requiredString(b, 'email', 254);
    // Upper bound: argon2 would hash megabytes happily, at the server's expense.
    dto.password = requiredString(b, 'password', 1024);
    return dto;
  }
}
