import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toUserResponse, type UserResponse } from '../../users/dto/user.response';
import { User } from '../../users/user.entity';
import { UserErrors } from '../../users/users.errors';

/**
 * The one read these pages need that the API's services do not offer: a single user for its edit form
 * (the API edits users by PATCH without reading one first). Callers are ADMIN-only pages.
 */
@Injectable()
export class AdminPageReads {
  constructor(private readonly dataSource: DataSource) {}

  async user(id: string): Promise<UserResponse> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw UserErrors.notFound();
    return toUserResponse(user);
  }
}
