import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Origin, Public, SignedIn } from '../../common/auth/access.decorator';
import type { Actor, RequestOrigin } from '../../common/auth/actor';
import { ApiErrors, ErrorResponse } from '../../common/http/api-errors.decorator';
import { UserResponse } from '../users/dto/user.response';
import { AuthService } from './auth.service';
import { LoginRequest, LoginResponse } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({ summary: 'サインインしてセッショントークンを受け取る' })
  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429)
  @ApiResponse({
    status: 403,
    description:
      'The right password, but the user’s contractor is suspended or archived (AUTH.COMPANY_NOT_ACTIVE)',
    type: ErrorResponse,
  })
  login(@Body() body: LoginRequest, @Origin() origin: RequestOrigin): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password, origin);
  }

  @ApiOperation({ summary: 'サインアウトする（セッションを無効にする）' })
  @Post('logout')
  @HttpCode(204)
  @SignedIn()
  @ApiNoContentResponse()
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @ApiOperation({ summary: 'サインイン中の利用者を返す' })
  @Get('me')
  @SignedIn()
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401)
  me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.auth.me(actor);
  }
}
