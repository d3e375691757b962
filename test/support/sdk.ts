import {
  type components,
  createScoutClient,
  type ScoutClient,
  ScoutProblemError,
} from '@scout/client';
import { companyBody, profileBody } from './factories';
import type { OpenApiClient } from './openapi-client';

/** A profile as `POST /v1/profiles` takes it. */
export type NewProfile = components['schemas']['CreateProfileDto'];
/** A company as `POST /v1/companies` takes it. */
export type NewCompany = components['schemas']['CreateCompanyDto'];

/**
 * The SDK over an in-process api: the same typed calls Scout's users make, answered by
 * `app.inject` through the checking client (the harness's key is added by the harness).
 */
export function inProcessSdk(client: OpenApiClient): ScoutClient {
  return createScoutClient({ baseUrl: 'http://scout.test', fetch: client.fetch });
}

/** A valid profile body, typed for the SDK; override any field. */
export function newProfile(overrides: Partial<NewProfile> = {}): NewProfile {
  return profileBody(overrides) as NewProfile;
}

/** A valid company body, typed for the SDK; override any field. */
export function newCompany(overrides: Partial<NewCompany> = {}): NewCompany {
  return companyBody(overrides) as NewCompany;
}

/** The problem a call was refused with; fails when the call succeeded or threw anything else. */
export async function problemOf(call: Promise<unknown>): Promise<ScoutProblemError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ScoutProblemError)) {
    throw new Error(`expected a problem, got ${String(error)}`);
  }
  return error;
}

/** The status a call was answered with, a problem's included. */
export async function statusOf(call: Promise<{ response: Response }>): Promise<number> {
  return call.then(
    ({ response }) => response.status,
    (thrown: unknown) => {
      if (thrown instanceof ScoutProblemError) return thrown.status;
      throw thrown;
    },
  );
}
