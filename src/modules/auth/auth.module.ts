import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionCache } from './session-cache';

@Module({
  controllers: [AuthController],
  providers: [AuthService, SessionCache],
  exports: [AuthService, SessionCache],
})
export class AuthModule {}
