import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { KeptForms } from './kept-forms';
import { SessionCache } from './session-cache';

@Module({
  controllers: [AuthController],
  providers: [AuthService, SessionCache, KeptForms],
  exports: [AuthService, SessionCache, KeptForms],
})
export class AuthModule {}
