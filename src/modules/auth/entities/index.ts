import { ApiKeyEntity } from './api-key.entity.js';
import { LoginThrottleEntity } from './login-throttle.entity.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

export const AUTH_ENTITIES = [UserEntity, SessionEntity, ApiKeyEntity, LoginThrottleEntity];
