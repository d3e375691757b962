import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SuppressionCheck } from '@scout/profiles';
import { PersonHasher } from './person-hasher';
import { SuppressionRepository } from './repositories/suppression.repository';
import { Suppression, SuppressionSchema } from './schemas/suppression.schema';
import { SuppressionService } from './suppression.service';

/** The suppression list's collection (one of the privacy lib's models). */
export const SUPPRESSION_MODEL = { name: Suppression.name, schema: SuppressionSchema };

/**
 * The suppression list, and the binding of the {@link SuppressionCheck} port that the profiles
 * and scraping libs ask before storing anyone. Global because the port is declared below this
 * lib (in profiles, which privacy depends on) and must reach the profiles and scraping modules
 * without either importing privacy, which would be a cycle. Only this binding is ambient; the
 * rest of the privacy lib is imported where used through `PrivacyModule`, which imports this
 * module, so an app without `PrivacyModule` does not boot and no write path runs unchecked.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature([SUPPRESSION_MODEL])],
  providers: [
    PersonHasher,
    SuppressionRepository,
    SuppressionService,
    { provide: SuppressionCheck, useExisting: SuppressionService },
  ],
  exports: [SuppressionCheck, SuppressionService, PersonHasher],
})
export class SuppressionModule {}
