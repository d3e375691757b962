import { Module } from '@nestjs/common';
import { DatabaseModule } from '@scout/database';
import { OutboundPolicies } from './outbound-policies';

/**
 * The process's outbound policies, built once per name (the module is static) by the libs that
 * call out, each with the settings of its own configuration section (CONVENTIONS 17); breakers
 * and rate windows live on the shared Redis client of `DatabaseModule`.
 */
@Module({
  imports: [DatabaseModule],
  providers: [OutboundPolicies],
  exports: [OutboundPolicies],
})
export class ResilienceModule {}
