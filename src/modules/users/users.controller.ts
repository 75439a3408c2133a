import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UserResponse } from './dto/user.response';
import { CreateUserRequest, ListUsersQuery, UpdateUserRequest } from './dto/user.requests';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
@Roles('ADMIN')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: '利用者の一覧' })
  @Get()
  @ApiOkResponse({ type: pageOf(UserResponse) })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @ApiOperation({ summary: '利用者を登録する' })
  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<UserResponse> {
    return this.users.create(actor, body);
  }

  @ApiOperation({ summary: '利用者を変更・無効化する' })
  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateUserRequest,
  ): Promise<UserResponse> {
    return this.users.update(actor, id, body);
  }
}
