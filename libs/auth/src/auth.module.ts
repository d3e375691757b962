import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CachingModule } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyHasher } from './api-key.hasher';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { ApiKey, ApiKeySchema } from './schemas/api-key.schema';

/** The collections this lib owns, for its module and for the index sync step. */
export const AUTH_MODELS = [{ name: ApiKey.name, schema: ApiKeySchema }];

/**
 * API keys and the guard that checks them; key lookups go through the cache. Importing it
 * installs nothing: the api registers `ApiKeyGuard` as its global guard, the CLI only uses
 * `ApiKeysService`.
 */
@Module({
  imports: [MongooseModule.forFeature(AUTH_MODELS), CachingModule],
  providers: [
    ApiKeyRepository,
    {
      provide: ApiKeyHasher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new ApiKeyHasher(config.auth.apiKeySecrets),
    },
    ApiKeysService,
    ApiKeyGuard,
  ],
  exports: [ApiKeysService, ApiKeyGuard],
})
export class AuthModule {}
