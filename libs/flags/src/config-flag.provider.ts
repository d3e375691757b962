import { isDeepStrictEqual } from 'node:util';
import {
  FlagNotFoundError,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  StandardResolutionReasons,
  TypeMismatchError,
} from '@openfeature/server-sdk';

/** What a flag in configuration may hold: a boolean, string, number or JSON structure. */
export type ConfiguredFlagValue = JsonValue;

/** Flag values by key, as configuration describes them. */
export type ConfiguredFlags = Readonly<Record<string, ConfiguredFlagValue>>;

type Kind = 'boolean' | 'string' | 'number' | 'object';

/**
 * An OpenFeature provider whose flags come from Scout's configuration (settings files plus
 * environment). It evaluates nothing per request: every flag has one value for the whole
 * process, so results carry the `STATIC` reason. The values can change while the process
 * runs — `update` for a new set, `reload` to read the configuration again — and every change
 * is announced with `PROVIDER_CONFIGURATION_CHANGED`, naming the flags that changed, so
 * consumers react exactly as they would to a remote flag service.
 */
export class ConfigFlagProvider implements Provider {
  readonly metadata = { name: 'scout-config' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  private values: ConfiguredFlags;

  /**
   * @param initial the values at boot
   * @param load reads the configuration again; what `reload` applies
   */
  constructor(
    initial: ConfiguredFlags,
    private readonly load: () => ConfiguredFlags = () => initial,
  ) {
    this.values = { ...initial };
  }

  /**
   * Replaces the flag values and announces the keys whose value changed (added and removed
   * keys included). Returns those keys; nothing is announced when none changed.
   */
  update(next: ConfiguredFlags): string[] {
    const keys = new Set([...Object.keys(this.values), ...Object.keys(next)]);
    const changed = [...keys].filter(
      (key) =>
        Object.hasOwn(this.values, key) !== Object.hasOwn(next, key) ||
        !isDeepStrictEqual(this.values[key], next[key]),
    );
    this.values = { ...next };
    if (changed.length > 0) {
      this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: changed });
    }
    return changed;
  }

  /**
   * Reads the configuration again and applies its flag values (see `update`). Throws, changing
   * nothing, when the configuration is invalid.
   */
  reload(): string[] {
    return this.update(this.load());
  }

  resolveBooleanEvaluation(flagKey: string): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, 'boolean');
  }

  resolveStringEvaluation(flagKey: string): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, 'string');
  }

  resolveNumberEvaluation(flagKey: string): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, 'number');
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string): Promise<ResolutionDetails<T>> {
    return this.resolve(flagKey, 'object');
  }

  /**
   * Unknown keys and values of another type throw the SDK's errors, which the client turns
   * into the caller's default value with reason `ERROR` and the matching error code.
   */
  private async resolve<T>(flagKey: string, kind: Kind): Promise<ResolutionDetails<T>> {
    if (!Object.hasOwn(this.values, flagKey)) {
      throw new FlagNotFoundError(`No flag '${flagKey}' in the configuration.`);
    }
    const value = this.values[flagKey];
    const actual = value === null || Array.isArray(value) ? 'object' : typeof value;
    if (actual !== kind) {
      throw new TypeMismatchError(`Flag '${flagKey}' is a ${actual}, not a ${kind}.`);
    }
    return {
      value: value as T,
      reason: StandardResolutionReasons.STATIC,
      ...(typeof value === 'boolean' ? { variant: value ? 'on' : 'off' } : {}),
    };
  }
}
