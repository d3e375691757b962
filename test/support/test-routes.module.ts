import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Module,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { InjectModel, MongooseModule, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { Model } from 'mongoose';
import { Public, RequireScope } from '@scout/auth';
import { DomainError, ErrorCode } from '@scout/common';
import { Costly, RateLimitModule } from '@scout/rate-limit';

@Schema({ collection: 'probes' })
class Probe {
  @Prop({ required: true, unique: true })
  slug!: string;
}
const ProbeSchema = SchemaFactory.createForClass(Probe);

class LocationInput {
  @IsString()
  @Length(2, 2)
  country!: string;
}

class EchoInput {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput;
}

class SlowQuery {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30_000)
  ms!: number;
}

/**
 * Routes that exist only in tests: each one produces one class of outcome (slow, crash, real
 * driver errors) so the shared pipeline can be exercised without depending on feature code.
 * Public on purpose (the only public /v1 routes): process-level tests call them without a key.
 */
@Public()
@Controller({ path: 'test', version: '1' })
class TestRoutesController {
  private readonly logger = new Logger('TestRoutes');

  constructor(@InjectModel(Probe.name) private readonly probes: Model<Probe>) {}

  @Post('echo')
  @HttpCode(200)
  echo(@Body() input: EchoInput): EchoInput {
    return input;
  }

  @Get('slow')
  async slow(@Query() query: SlowQuery): Promise<{ waitedMs: number }> {
    this.logger.log('slow request started');
    await new Promise((resolve) => setTimeout(resolve, query.ms));
    this.logger.log('slow request finished');
    return { waitedMs: query.ms };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail: connection string mongodb://user:pw@db');
  }

  /** A crash while handling personal data: error tracking must see the error, not the data. */
  @Post('boom')
  boomWithBody(@Body() _input: Record<string, unknown>): never {
    throw new TypeError('cannot read properties of undefined');
  }

  /** A crash outside any request: an exception nothing catches, thrown after the answer. */
  @Post('crash')
  @HttpCode(202)
  crash(): { crashing: true } {
    setImmediate(() => {
      throw new RangeError('unrecoverable state in a background task');
    });
    return { crashing: true };
  }

  @Get('unavailable')
  unavailable(): never {
    throw new DomainError(ErrorCode.DependencyUnavailable, 'The database is unavailable.', {
      retryAfterSeconds: 7,
    });
  }

  @Post('probes/:slug')
  async createProbe(@Param('slug') slug: string): Promise<{ slug: string }> {
    await this.probes.createIndexes();
    await this.probes.create({ slug });
    return { slug };
  }

  @Get('probes/by-id/:id')
  async findProbe(@Param('id') id: string): Promise<{ found: boolean }> {
    return { found: (await this.probes.findById(id).lean()) !== null };
  }
}

/**
 * A costly route that stays in flight as long as asked, so tests can hold a key's costly slots
 * open. Needs a key (the limit is per key), unlike the public test routes.
 */
@RequireScope('profiles:read')
@Controller({ path: 'test', version: '1' })
class TestCostlyRoutesController {
  @Get('costly')
  @Costly()
  async costly(@Query() query: SlowQuery): Promise<{ waitedMs: number }> {
    await new Promise((resolve) => setTimeout(resolve, query.ms));
    return { waitedMs: query.ms };
  }
}

/** Test-only routes mounted next to the real ones under `/v1/test`. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Probe.name, schema: ProbeSchema }]),
    RateLimitModule,
  ],
  controllers: [TestRoutesController, TestCostlyRoutesController],
})
export class TestRoutesModule {}
