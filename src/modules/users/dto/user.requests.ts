import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { Omittable } from '../../../common/validation/omittable';
import { ROLES, type Role } from '../user.entity';

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateUserRequest {
  @ApiProperty({ maxLength: 254 })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 1024,
    description: 'At least 12 characters; any length is kept whole.',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for CONTRACTOR users, refused for others' })
  @IsOptional()
  @IsUUID()
  contractorId?: string;
}

export class UpdateUserRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;

  @ApiPropertyOptional({ maxLength: 100 })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES }) @Omittable() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  contractorId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates the user and ends its sessions at once' })
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 12, maxLength: 1024 })
  @Omittable()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractorId?: string;
}
