import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AccessGuard } from './access.guard.js';
import { AdminApiKeysController } from './admin-api-keys.controller.js';
import { AdminUsersController } from './admin-users.controller.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyService } from './api-key.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { DemoSeedService } from './demo-seed.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { RouteAccessCheck } from './route-access.check.js';
import { SessionRepository } from './session.repository.js';
import { UserRepository } from './user.repository.js';
import { UserService } from './user.service.js';

/**
 * Staff users, sessions, API clients, the global access guard and the boot-time check that
 * every route declares who may call it. Needs the global `AuditModule` and `DatabaseModule`.
 */
@Module({
  imports: [DiscoveryModule, TenantsModule],
  controllers: [AuthController, AdminUsersController, AdminApiKeysController],
  providers: [
    UserRepository,
    SessionRepository,
    ApiKeyRepository,
    LoginThrottleRepository,
    PasswordHasher,
    TransactionRunner,
    AuthService,
    UserService,
    ApiKeyService,
    RouteAccessCheck,
    DemoSeedService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, UserService, ApiKeyService, RouteAccessCheck],
})
export class AuthModule {}
