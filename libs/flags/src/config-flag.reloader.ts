import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigValidationError } from '@scout/config';
import { ConfigFlagProvider } from './config-flag.provider';

/**
 * Lets an operator change flags without a restart: on a signal (SIGHUP by convention) the
 * configuration is read again and the configuration provider announces what changed. Only flag
 * values are applied; every other setting keeps its boot value until the next restart.
 */
@Injectable()
export class ConfigFlagReloader implements OnApplicationShutdown {
  private readonly logger = new Logger('Flags');
  private signal: NodeJS.Signals | undefined;
  private readonly onSignal = (): void => this.reload();

  constructor(private readonly provider: ConfigFlagProvider) {}

  /** Reloads on `signal` until the application shuts down. */
  listen(signal: NodeJS.Signals = 'SIGHUP'): void {
    if (this.signal) return;
    this.signal = signal;
    process.on(signal, this.onSignal);
  }

  /** Reads the configuration again; an invalid one is reported and changes nothing. */
  reload(): void {
    try {
      const changed = this.provider.reload();
      this.logger.log({ changed }, 'feature flags reloaded from configuration');
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      this.logger.warn(
        { problems: error.problems },
        'feature flags not reloaded: the configuration is invalid',
      );
    }
  }

  onApplicationShutdown(): void {
    if (this.signal) process.off(this.signal, this.onSignal);
    this.signal = undefined;
  }
}
