import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserResponse } from '../../users/dto/user.response';

export class LoginRequest {
  @ApiProperty({ example: 'admin@example.lg.jp', maxLength: 254 })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class LoginResponse {
  @ApiProperty({
    description: 'Send as "Authorization: Bearer <token>". Shown once; only its hash is stored.',
  })
  token!: string;
  @ApiProperty({ format: 'date-time', description: 'Absolute expiry; an idle session ends earlier.' })
  expiresAt!: string;
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}
