/**
 * Scout's API as TypeScript types, generated from openapi.json by `npm run client`
 * (openapi-typescript). Do not edit: regenerate after every change to the contract.
 */

export interface paths {
  '/v1/profiles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProfilesController_list_v1'];
    put?: never;
    post: operations['ProfilesController_create_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/profiles/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ProfilesController_batch_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/profiles/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProfilesController_get_v1'];
    put?: never;
    post?: never;
    delete: operations['ProfilesController_delete_v1'];
    options?: never;
    head?: never;
    patch: operations['ProfilesController_update_v1'];
    trace?: never;
  };
  '/v1/profiles/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProfilesController_listHistory_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/profiles/{id}/history/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProfilesController_getVersion_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/companies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CompaniesController_list_v1'];
    put?: never;
    post: operations['CompaniesController_create_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/companies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CompaniesController_get_v1'];
    put?: never;
    post?: never;
    delete: operations['CompaniesController_delete_v1'];
    options?: never;
    head?: never;
    patch: operations['CompaniesController_update_v1'];
    trace?: never;
  };
  '/v1/companies/{id}/profiles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CompaniesController_listProfiles_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scrape-jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ScrapeJobsController_list_v1'];
    put?: never;
    post: operations['ScrapeJobsController_create_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scrape-jobs/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ScrapeJobsController_batch_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scrape-jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ScrapeJobsController_get_v1'];
    put?: never;
    post?: never;
    delete: operations['ScrapeJobsController_cancel_v1'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scrape-jobs/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ScrapeJobsController_replay_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scrape-jobs/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ScrapeJobsController_retry_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WebhooksController_list_v1'];
    put?: never;
    post: operations['WebhooksController_create_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WebhooksController_get_v1'];
    put?: never;
    post?: never;
    delete: operations['WebhooksController_delete_v1'];
    options?: never;
    head?: never;
    patch: operations['WebhooksController_update_v1'];
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WebhooksController_listDeliveries_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['WebhooksController_redeliver_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/erasure-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ErasureRequestsController_create_v1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/erasure-requests/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ErasureRequestsController_get_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/suppressions/{hash}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['ErasureRequestsController_lift_v1'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/profiles/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PersonExportController_export_v1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/startup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_startup'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    LocationDto: {
      /** @example Berlin */
      city?: string | null;
      /** @example Berlin */
      region?: string | null;
      /**
       * @description ISO 3166-1 alpha-2
       * @example DE
       * @enum {string|null}
       */
      country?:
        | 'AD'
        | 'AE'
        | 'AF'
        | 'AG'
        | 'AI'
        | 'AL'
        | 'AM'
        | 'AO'
        | 'AQ'
        | 'AR'
        | 'AS'
        | 'AT'
        | 'AU'
        | 'AW'
        | 'AX'
        | 'AZ'
        | 'BA'
        | 'BB'
        | 'BD'
        | 'BE'
        | 'BF'
        | 'BG'
        | 'BH'
        | 'BI'
        | 'BJ'
        | 'BL'
        | 'BM'
        | 'BN'
        | 'BO'
        | 'BQ'
        | 'BR'
        | 'BS'
        | 'BT'
        | 'BV'
        | 'BW'
        | 'BY'
        | 'BZ'
        | 'CA'
        | 'CC'
        | 'CD'
        | 'CF'
        | 'CG'
        | 'CH'
        | 'CI'
        | 'CK'
        | 'CL'
        | 'CM'
        | 'CN'
        | 'CO'
        | 'CR'
        | 'CU'
        | 'CV'
        | 'CW'
        | 'CX'
        | 'CY'
        | 'CZ'
        | 'DE'
        | 'DJ'
        | 'DK'
        | 'DM'
        | 'DO'
        | 'DZ'
        | 'EC'
        | 'EE'
        | 'EG'
        | 'EH'
        | 'ER'
        | 'ES'
        | 'ET'
        | 'FI'
        | 'FJ'
        | 'FK'
        | 'FM'
        | 'FO'
        | 'FR'
        | 'GA'
        | 'GB'
        | 'GD'
        | 'GE'
        | 'GF'
        | 'GG'
        | 'GH'
        | 'GI'
        | 'GL'
        | 'GM'
        | 'GN'
        | 'GP'
        | 'GQ'
        | 'GR'
        | 'GS'
        | 'GT'
        | 'GU'
        | 'GW'
        | 'GY'
        | 'HK'
        | 'HM'
        | 'HN'
        | 'HR'
        | 'HT'
        | 'HU'
        | 'ID'
        | 'IE'
        | 'IL'
        | 'IM'
        | 'IN'
        | 'IO'
        | 'IQ'
        | 'IR'
        | 'IS'
        | 'IT'
        | 'JE'
        | 'JM'
        | 'JO'
        | 'JP'
        | 'KE'
        | 'KG'
        | 'KH'
        | 'KI'
        | 'KM'
        | 'KN'
        | 'KP'
        | 'KR'
        | 'KW'
        | 'KY'
        | 'KZ'
        | 'LA'
        | 'LB'
        | 'LC'
        | 'LI'
        | 'LK'
        | 'LR'
        | 'LS'
        | 'LT'
        | 'LU'
        | 'LV'
        | 'LY'
        | 'MA'
        | 'MC'
        | 'MD'
        | 'ME'
        | 'MF'
        | 'MG'
        | 'MH'
        | 'MK'
        | 'ML'
        | 'MM'
        | 'MN'
        | 'MO'
        | 'MP'
        | 'MQ'
        | 'MR'
        | 'MS'
        | 'MT'
        | 'MU'
        | 'MV'
        | 'MW'
        | 'MX'
        | 'MY'
        | 'MZ'
        | 'NA'
        | 'NC'
        | 'NE'
        | 'NF'
        | 'NG'
        | 'NI'
        | 'NL'
        | 'NO'
        | 'NP'
        | 'NR'
        | 'NU'
        | 'NZ'
        | 'OM'
        | 'PA'
        | 'PE'
        | 'PF'
        | 'PG'
        | 'PH'
        | 'PK'
        | 'PL'
        | 'PM'
        | 'PN'
        | 'PR'
        | 'PS'
        | 'PT'
        | 'PW'
        | 'PY'
        | 'QA'
        | 'RE'
        | 'RO'
        | 'RS'
        | 'RU'
        | 'RW'
        | 'SA'
        | 'SB'
        | 'SC'
        | 'SD'
        | 'SE'
        | 'SG'
        | 'SH'
        | 'SI'
        | 'SJ'
        | 'SK'
        | 'SL'
        | 'SM'
        | 'SN'
        | 'SO'
        | 'SR'
        | 'SS'
        | 'ST'
        | 'SV'
        | 'SX'
        | 'SY'
        | 'SZ'
        | 'TC'
        | 'TD'
        | 'TF'
        | 'TG'
        | 'TH'
        | 'TJ'
        | 'TK'
        | 'TL'
        | 'TM'
        | 'TN'
        | 'TO'
        | 'TR'
        | 'TT'
        | 'TV'
        | 'TW'
        | 'TZ'
        | 'UA'
        | 'UG'
        | 'UM'
        | 'US'
        | 'UY'
        | 'UZ'
        | 'VA'
        | 'VC'
        | 'VE'
        | 'VG'
        | 'VI'
        | 'VN'
        | 'VU'
        | 'WF'
        | 'WS'
        | 'YE'
        | 'YT'
        | 'ZA'
        | 'ZM'
        | 'ZW'
        | null;
    };
    ExperienceInputDto: {
      /** @example Staff Engineer */
      title?: string | null;
      /** @description Company id or publicId of a known company */
      company?: string | null;
      /** @description Employer name when it is not a known company */
      companyName?: string | null;
      location?: string | null;
      /** @example 2021-04 */
      startDate?: string | null;
      /** @example 2024-01 */
      endDate?: string | null;
      description?: string | null;
    };
    EducationDto: {
      /** @example TU Berlin */
      school: string;
      degree?: string | null;
      field?: string | null;
      startYear?: number | null;
      endYear?: number | null;
    };
    CreateProfileDto: {
      /** @example ada-lovelace */
      publicId: string;
      /** @example https://profiles.example/in/ada-lovelace */
      url?: string | null;
      /** @example Ada Lovelace */
      fullName: string;
      /** @example Analyst of engines */
      headline?: string | null;
      summary?: string | null;
      location?: components['schemas']['LocationDto'] | null;
      /** @description Company id or publicId; unknown → 422 UNKNOWN_COMPANY */
      currentCompany?: string | null;
      experiences?: components['schemas']['ExperienceInputDto'][] | null;
      education?: components['schemas']['EducationDto'][] | null;
      /** @description Stored trimmed, lower-case and de-duplicated */
      skills?: string[];
      /**
       * @default manual
       * @enum {string}
       */
      source?: 'scrape' | 'manual' | 'import';
    };
    CompanySummaryDto: {
      /** @example 6650f1c2a1b2c3d4e5f60718 */
      id: string;
      /** @example acme-corp */
      publicId: string;
      /** @example Acme Corp */
      name: string;
    };
    ExperienceDto: {
      /** @example Staff Engineer */
      title?: string | null;
      /** @description Employer name when it is not a known company */
      companyName?: string | null;
      location?: string | null;
      /** @example 2021-04 */
      startDate?: string | null;
      /** @example 2024-01 */
      endDate?: string | null;
      description?: string | null;
      company?: components['schemas']['CompanySummaryDto'];
    };
    ScrapeStateDto: {
      /** @enum {string} */
      status: 'never' | 'queued' | 'running' | 'succeeded' | 'failed';
      /** Format: date-time */
      lastScrapedAt?: string;
      lastJobId?: string;
    };
    ProfileDto: {
      /** @example 6650f1c2a1b2c3d4e5f60719 */
      id: string;
      /** @example ada-lovelace */
      publicId: string;
      url?: string;
      /** @example Ada Lovelace */
      fullName: string;
      headline?: string;
      summary?: string;
      location?: components['schemas']['LocationDto'];
      currentCompany?: components['schemas']['CompanySummaryDto'];
      experiences: components['schemas']['ExperienceDto'][];
      education: components['schemas']['EducationDto'][];
      skills: string[];
      /** @enum {string} */
      source: 'scrape' | 'manual' | 'import';
      scrape: components['schemas']['ScrapeStateDto'];
      /**
       * @description Bumped by every change; the ETag carries it
       * @example 1
       */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    PageInfoDto: {
      /** @example 20 */
      limit: number;
      /** @description null on the last page */
      nextCursor: string | null;
    };
    ProfilePageDto: {
      data: components['schemas']['ProfileDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    BatchProfilesDto: {
      /**
       * @description Each item is judged on its own as a `CreateProfileDto`; one that fails comes back as `invalid` with its field errors while the others are written. More than 1000 items is 413 `BATCH_TOO_LARGE`.
       * @example [
       *       {
       *         "publicId": "ada-lovelace",
       *         "fullName": "Ada Lovelace"
       *       }
       *     ]
       */
      profiles: unknown[];
    };
    BatchItemErrorDto: {
      field: string;
      message: string;
      code: string;
    };
    BatchItemResultDto: {
      /** @example 0 */
      index: number;
      /**
       * @description `suppressed`: the person was erased and Scout must not collect them again
       * @enum {string}
       */
      status: 'created' | 'updated' | 'unchanged' | 'invalid' | 'suppressed';
      id?: string;
      publicId?: string;
      errors?: components['schemas']['BatchItemErrorDto'][];
    };
    BatchResultDto: {
      results: components['schemas']['BatchItemResultDto'][];
    };
    UpdateProfileDto: {
      /** @example https://profiles.example/in/ada-lovelace */
      url?: string | null;
      /** @example Analyst of engines */
      headline?: string | null;
      summary?: string | null;
      location?: components['schemas']['LocationDto'] | null;
      /** @description Company id or publicId; unknown → 422 UNKNOWN_COMPANY */
      currentCompany?: string | null;
      experiences?: components['schemas']['ExperienceInputDto'][] | null;
      education?: components['schemas']['EducationDto'][] | null;
      /** @description Stored trimmed, lower-case and de-duplicated */
      skills?: string[];
      /**
       * @default manual
       * @enum {string}
       */
      source?: 'scrape' | 'manual' | 'import';
      /** @example Ada Lovelace */
      fullName?: string;
    };
    FieldChangeDto: {
      /** @example headline */
      field: string;
      /**
       * @description The stored value before the write (JSON); null when the field was absent
       * @example Engineer
       */
      from: (string | null) | number | boolean | Record<string, never> | unknown[];
      /**
       * @description The stored value after the write (JSON); null when the write removed it
       * @example Staff engineer
       */
      to: (string | null) | number | boolean | Record<string, never> | unknown[];
    };
    ProfileChangeDto: {
      /**
       * @description The version the write took the profile to
       * @example 2
       */
      version: number;
      /**
       * @example profile.updated
       * @enum {string}
       */
      type: 'profile.created' | 'profile.updated' | 'profile.deleted' | 'profile.erased';
      /**
       * @description Who wrote: `api-key:<id>`, `scrape-job:<id>`, `scheduler` or `system`
       * @example api-key:6650f1c2a1b2c3d4e5f60719
       */
      actor: string;
      /** Format: date-time */
      at: string;
      /** @description Empty for a deletion */
      changes: components['schemas']['FieldChangeDto'][];
    };
    ProfileHistoryPageDto: {
      data: components['schemas']['ProfileChangeDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    ProfileVersionDto: {
      /**
       * @description The version the write took the profile to
       * @example 2
       */
      version: number;
      /**
       * @example profile.updated
       * @enum {string}
       */
      type: 'profile.created' | 'profile.updated' | 'profile.deleted' | 'profile.erased';
      /**
       * @description Who wrote: `api-key:<id>`, `scrape-job:<id>`, `scheduler` or `system`
       * @example api-key:6650f1c2a1b2c3d4e5f60719
       */
      actor: string;
      /** Format: date-time */
      at: string;
      /** @description Empty for a deletion */
      changes: components['schemas']['FieldChangeDto'][];
      profile: components['schemas']['ProfileDto'];
    };
    CreateCompanyDto: {
      /** @example acme-corp */
      publicId: string;
      /** @example Acme Corp */
      name: string;
      /** @example https://profiles.example/company/acme-corp */
      url?: string | null;
      /** @example Software */
      industry?: string | null;
      /** @enum {string} */
      sizeRange?:
        | '1-10'
        | '11-50'
        | '51-200'
        | '201-500'
        | '501-1000'
        | '1001-5000'
        | '5001-10000'
        | '10001+';
      /** @example https://acme.example */
      website?: string | null;
      /** @example Berlin, DE */
      headquarters?: string | null;
      description?: string | null;
    };
    CompanyDto: {
      /** @example 6650f1c2a1b2c3d4e5f60718 */
      id: string;
      /** @example acme-corp */
      publicId: string;
      /** @example Acme Corp */
      name: string;
      url?: string;
      industry?: string;
      /** @enum {string} */
      sizeRange?:
        | '1-10'
        | '11-50'
        | '51-200'
        | '201-500'
        | '501-1000'
        | '1001-5000'
        | '5001-10000'
        | '10001+';
      website?: string;
      headquarters?: string;
      description?: string;
      /**
       * @description Bumped by every change; the ETag carries it
       * @example 1
       */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    CompanyPageDto: {
      data: components['schemas']['CompanyDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    UpdateCompanyDto: {
      /** @example https://profiles.example/company/acme-corp */
      url?: string | null;
      /** @example Software */
      industry?: string | null;
      /** @enum {string} */
      sizeRange?:
        | '1-10'
        | '11-50'
        | '51-200'
        | '201-500'
        | '501-1000'
        | '1001-5000'
        | '5001-10000'
        | '10001+';
      /** @example https://acme.example */
      website?: string | null;
      /** @example Berlin, DE */
      headquarters?: string | null;
      description?: string | null;
      /** @example Acme Corp */
      name?: string;
    };
    CreateScrapeJobDto: {
      /**
       * @description A publicId, or a profile URL on the configured site (`<site>/in/<publicId>`); anything else is 400 `INVALID_TARGET`
       * @example ada-lovelace
       */
      profile: string;
      /**
       * @default normal
       * @enum {string}
       */
      priority?: 'high' | 'normal' | 'low';
    };
    ScrapeTargetDto: {
      publicId: string;
      url: string;
    };
    ScrapeJobErrorDto: {
      /** @example NOT_FOUND */
      code: string;
      message: string;
      retryable: boolean;
    };
    ScrapeJobResultDto: {
      profileId: string;
      /** @description Whether the profile content changed */
      changed: boolean;
    };
    ScrapeJobTransitionDto: {
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';
      /** Format: date-time */
      at: string;
      note?: string;
    };
    ScrapeJobDto: {
      id: string;
      target: components['schemas']['ScrapeTargetDto'];
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';
      /** @enum {string} */
      priority: 'high' | 'normal' | 'low';
      attempts: number;
      error?: components['schemas']['ScrapeJobErrorDto'];
      result?: components['schemas']['ScrapeJobResultDto'];
      /** @description `api-key:<key id>` for API requests, `scheduler` for re-scrapes */
      requestedBy?: string;
      requestId?: string;
      /** @description Trace of the creating request, when tracing is on */
      traceId?: string;
      transitions: components['schemas']['ScrapeJobTransitionDto'][];
      /**
       * Format: date-time
       * @description When Scout knew the queue took the job. On MongoDB set as the request enqueues it; on FerretDB when a worker starts it or the sweeper enqueues it. Absent before that
       */
      enqueuedAt?: string;
      /**
       * Format: date-time
       * @description Since when the job has been deferred because its host was unavailable
       */
      deferredSince?: string;
      /**
       * @description Why a `dead` job was given up
       * @enum {string}
       */
      deadReason?: 'attempts-exhausted' | 'deferral-limit';
      /** Format: date-time */
      startedAt?: string;
      /** Format: date-time */
      finishedAt?: string;
      durationMs?: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    BatchScrapeJobsDto: {
      /**
       * @description Each one judged like `profile` of a single job; more than 1000 is 413
       * @example [
       *       "ada-lovelace",
       *       "grace-hopper"
       *     ]
       */
      profiles: string[];
      /**
       * @default normal
       * @enum {string}
       */
      priority?: 'high' | 'normal' | 'low';
    };
    ScrapeBatchErrorDto: {
      field: string;
      message: string;
      code: string;
    };
    ScrapeBatchItemDto: {
      index: number;
      /**
       * @description `suppressed`: the person was erased and Scout must not collect them again
       * @enum {string}
       */
      status: 'queued' | 'existing' | 'invalid' | 'suppressed';
      job?: components['schemas']['ScrapeJobDto'];
      errors?: components['schemas']['ScrapeBatchErrorDto'][];
    };
    ScrapeBatchResultDto: {
      results: components['schemas']['ScrapeBatchItemDto'][];
    };
    ScrapeJobPageDto: {
      data: components['schemas']['ScrapeJobDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    ReplayScrapeJobsDto: {
      /**
       * @default dead
       * @enum {string}
       */
      status?: 'failed' | 'dead';
      /**
       * @description Only jobs whose last error has this code
       * @example HOST_UNAVAILABLE
       */
      code?: string | null;
      /** @enum {string} */
      deadReason?: 'attempts-exhausted' | 'deferral-limit';
      /**
       * Format: date-time
       * @description Only jobs created at or after this
       */
      createdAfter?: string;
      /**
       * Format: date-time
       * @description Only jobs created before this
       */
      createdBefore?: string;
      /** @default 100 */
      limit?: number | null;
    };
    ReplaySkippedDto: {
      id: string;
      /** @example This target already has an active scrape job. */
      reason: string;
    };
    ReplayResultDto: {
      /** @description Jobs the filter matched (at most `limit`) */
      matched: number;
      /** @description Ids of the jobs queued again */
      replayed: string[];
      skipped: components['schemas']['ReplaySkippedDto'][];
    };
    CreateWebhookDto: {
      /**
       * @description Where deliveries are POSTed. http(s) only, no user info; the host must be public (not loopback, private, link-local or reserved) unless the operator allowlisted it.
       * @example https://hooks.example.com/scout
       */
      url: string;
      /**
       * @example [
       *       "profile.updated"
       *     ]
       */
      eventTypes: (
        | 'profile.created'
        | 'profile.updated'
        | 'profile.deleted'
        | 'profile.erased'
        | 'scrape_job.succeeded'
        | 'scrape_job.failed'
        | 'scrape_job.dead'
      )[];
      /** @default true */
      enabled?: boolean | null;
    };
    CreatedWebhookDto: {
      /** @example 6650f1c2a1b2c3d4e5f6071b */
      id: string;
      /** @example https://hooks.example.com/scout */
      url: string;
      eventTypes: (
        | 'profile.created'
        | 'profile.updated'
        | 'profile.deleted'
        | 'profile.erased'
        | 'scrape_job.succeeded'
        | 'scrape_job.failed'
        | 'scrape_job.dead'
      )[];
      enabled: boolean;
      /**
       * @description Set when Scout disabled the webhook after failing for WEBHOOK_DISABLE_AFTER_MS
       * @enum {string}
       */
      disabledReason?: 'failing';
      /**
       * Format: date-time
       * @description Start of the current run of failed attempts; absent while deliveries succeed
       */
      failingSince?: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description Standard Webhooks signing secret. Shown only here; Scout stores it encrypted and never returns it again.
       * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
       */
      secret: string;
    };
    WebhookDto: {
      /** @example 6650f1c2a1b2c3d4e5f6071b */
      id: string;
      /** @example https://hooks.example.com/scout */
      url: string;
      eventTypes: (
        | 'profile.created'
        | 'profile.updated'
        | 'profile.deleted'
        | 'profile.erased'
        | 'scrape_job.succeeded'
        | 'scrape_job.failed'
        | 'scrape_job.dead'
      )[];
      enabled: boolean;
      /**
       * @description Set when Scout disabled the webhook after failing for WEBHOOK_DISABLE_AFTER_MS
       * @enum {string}
       */
      disabledReason?: 'failing';
      /**
       * Format: date-time
       * @description Start of the current run of failed attempts; absent while deliveries succeed
       */
      failingSince?: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    WebhookPageDto: {
      data: components['schemas']['WebhookDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    UpdateWebhookDto: {
      /** @example https://hooks.example.com/scout */
      url?: string;
      eventTypes?: (
        | 'profile.created'
        | 'profile.updated'
        | 'profile.deleted'
        | 'profile.erased'
        | 'scrape_job.succeeded'
        | 'scrape_job.failed'
        | 'scrape_job.dead'
      )[];
      enabled?: boolean;
    };
    EventSubjectDto: {
      /** @enum {string} */
      kind: 'profile' | 'scrape_job';
      /** @example 6650f1c2a1b2c3d4e5f60718 */
      id: string;
    };
    DeliveryDto: {
      /** @example 6650f1c2a1b2c3d4e5f6071c */
      id: string;
      /** @example 6650f1c2a1b2c3d4e5f6071b */
      webhookId: string;
      /** @description The event id; sent as `webhook-id`, the same on every attempt */
      eventId: string;
      /** @enum {string} */
      eventType:
        | 'profile.created'
        | 'profile.updated'
        | 'profile.deleted'
        | 'profile.erased'
        | 'scrape_job.succeeded'
        | 'scrape_job.failed'
        | 'scrape_job.dead';
      subject: components['schemas']['EventSubjectDto'];
      /** @example 3 */
      sequence: number;
      /** @enum {string} */
      status: 'pending' | 'retrying' | 'delivered' | 'dead';
      /** @description Attempts since the delivery was recorded or last redelivered */
      attempts: number;
      /** Format: date-time */
      nextAttemptAt?: string;
      /** Format: date-time */
      lastAttemptAt?: string;
      /** @description HTTP status of the last answer; absent when none came */
      lastResponseCode?: number;
      /** @description Duration of the last attempt in milliseconds */
      lastLatencyMs?: number;
      /** @example the receiver answered 503 */
      lastError?: string;
      /** Format: date-time */
      deliveredAt?: string;
      /** Format: date-time */
      createdAt: string;
    };
    DeliveryPageDto: {
      data: components['schemas']['DeliveryDto'][];
      page: components['schemas']['PageInfoDto'];
    };
    CreateErasureRequestDto: {
      /**
       * @description The person, by profile ObjectId or publicId. A publicId Scout holds no profile for is still erased (jobs, queue entries) and suppressed; an unknown ObjectId is 404
       * @example ada-lovelace
       */
      profile: string;
    };
    ErasureReceiptDto: {
      /** @example 6650f1c2a1b2c3d4e5f6071a */
      id: string;
      /**
       * @description `pending`: some steps wait (a job still running, a failed step); the maintenance queue resumes it. `completed`: everything is removed
       * @enum {string}
       */
      state: 'pending' | 'completed';
      /**
       * @description Who asked
       * @example api-key:6650f1c2a1b2c3d4e5f60700
       */
      requestedBy: string;
      /** Format: date-time */
      requestedAt: string;
      /** Format: date-time */
      completedAt?: string;
      /** @description Keyed hash (HMAC-SHA256) of the profile id, or of the publicId without profile */
      subjectHash: string;
      /** @description Suppression list entries added (keyed hashes of publicId and URLs); `DELETE /v1/suppressions/{hash}` lifts one */
      suppressions: string[];
      /**
       * @description Items removed per store
       * @example {
       *       "suppression": 2,
       *       "queues": 3,
       *       "scrape_jobs": 3,
       *       "profiles": 1,
       *       "cache": 2
       *     }
       */
      removed: {
        [key: string]: number;
      };
      /** @description Why a pending erasure waits */
      waitingFor?: string;
    };
    HistoryEntryDto: {
      /** @example profile.updated */
      type: string;
      sequence: number;
      /** @example api-key:6650f1c2a1b2c3d4e5f60700 */
      actor: string;
      /** Format: date-time */
      occurredAt: string;
      data: {
        [key: string]: unknown;
      };
      /** @description What the write changed, field by field */
      changes?: {
        [key: string]: unknown;
      }[];
      /** @description The profile as the write left it */
      snapshot?: {
        [key: string]: unknown;
      };
    };
    ExportScrapeJobDto: {
      id: string;
      status: string;
      target: {
        publicId?: string;
        url?: string;
      };
      requestedBy?: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      finishedAt?: string;
      result?: {
        [key: string]: unknown;
      };
      error?: {
        [key: string]: unknown;
      };
      transitions: {
        [key: string]: unknown;
      }[];
    };
    SuppressionStateDto: {
      suppressed: boolean;
    };
    ExportSourceDto: {
      /**
       * @description `profile`, `history:<sequence>`, `scrape-job:<id>`
       * @example profile
       */
      record: string;
      /**
       * @description Profile source, event type or job status
       * @example scrape
       */
      origin: string;
      /** @description The page it was read from */
      url?: string;
      /**
       * @description Who caused it
       * @example scheduler
       */
      actor?: string;
      /** Format: date-time */
      at?: string;
    };
    PersonExportDto: {
      /** Format: date-time */
      exportedAt: string;
      profile: components['schemas']['ProfileDto'];
      /** @description Change events, oldest first */
      history: components['schemas']['HistoryEntryDto'][];
      /** @description Newest first */
      scrapeJobs: components['schemas']['ExportScrapeJobDto'][];
      suppression: components['schemas']['SuppressionStateDto'];
      /** @description Where each part came from */
      sources: components['schemas']['ExportSourceDto'][];
    };
    HealthReportDto: {
      /** @enum {string} */
      status: 'ok' | 'error';
      info: {
        [key: string]: components['schemas']['HealthDetailDto'];
      };
      error: {
        [key: string]: components['schemas']['HealthDetailDto'];
      };
      details: {
        [key: string]: components['schemas']['HealthDetailDto'];
      };
    };
    FieldErrorDto: {
      /**
       * @description Path of the offending field or key
       * @example fullName
       */
      field: string;
      /** @example fullName must be shorter than or equal to 200 characters */
      message: string;
      /**
       * @description Machine-readable rule that failed
       * @example maxLength
       */
      code: string;
    };
    ProblemDetailsDto: {
      /** @example urn:scout:problem:validation-failed */
      type: string;
      /** @example Request validation failed */
      title: string;
      /** @example 400 */
      status: number;
      /** @example The request body has 1 invalid field. */
      detail: string;
      /** @example /v1/profiles */
      instance: string;
      /**
       * @description Stable error code
       * @example VALIDATION_FAILED
       */
      code: string;
      /** @example 3b0c8a4e-7f1d-4c52-9a55-1b8e4f0c2d11 */
      requestId: string;
      errors?: components['schemas']['FieldErrorDto'][];
    } & {
      [key: string]: unknown;
    };
    HealthDetailDto: {
      /** @enum {string} */
      status: 'up' | 'down';
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  ProfilesController_list_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
        sort?: '-updatedAt' | 'fullName';
        /** @description Current company: id or publicId */
        company?: string;
        skill?: string;
        country?:
          | 'AD'
          | 'AE'
          | 'AF'
          | 'AG'
          | 'AI'
          | 'AL'
          | 'AM'
          | 'AO'
          | 'AQ'
          | 'AR'
          | 'AS'
          | 'AT'
          | 'AU'
          | 'AW'
          | 'AX'
          | 'AZ'
          | 'BA'
          | 'BB'
          | 'BD'
          | 'BE'
          | 'BF'
          | 'BG'
          | 'BH'
          | 'BI'
          | 'BJ'
          | 'BL'
          | 'BM'
          | 'BN'
          | 'BO'
          | 'BQ'
          | 'BR'
          | 'BS'
          | 'BT'
          | 'BV'
          | 'BW'
          | 'BY'
          | 'BZ'
          | 'CA'
          | 'CC'
          | 'CD'
          | 'CF'
          | 'CG'
          | 'CH'
          | 'CI'
          | 'CK'
          | 'CL'
          | 'CM'
          | 'CN'
          | 'CO'
          | 'CR'
          | 'CU'
          | 'CV'
          | 'CW'
          | 'CX'
          | 'CY'
          | 'CZ'
          | 'DE'
          | 'DJ'
          | 'DK'
          | 'DM'
          | 'DO'
          | 'DZ'
          | 'EC'
          | 'EE'
          | 'EG'
          | 'EH'
          | 'ER'
          | 'ES'
          | 'ET'
          | 'FI'
          | 'FJ'
          | 'FK'
          | 'FM'
          | 'FO'
          | 'FR'
          | 'GA'
          | 'GB'
          | 'GD'
          | 'GE'
          | 'GF'
          | 'GG'
          | 'GH'
          | 'GI'
          | 'GL'
          | 'GM'
          | 'GN'
          | 'GP'
          | 'GQ'
          | 'GR'
          | 'GS'
          | 'GT'
          | 'GU'
          | 'GW'
          | 'GY'
          | 'HK'
          | 'HM'
          | 'HN'
          | 'HR'
          | 'HT'
          | 'HU'
          | 'ID'
          | 'IE'
          | 'IL'
          | 'IM'
          | 'IN'
          | 'IO'
          | 'IQ'
          | 'IR'
          | 'IS'
          | 'IT'
          | 'JE'
          | 'JM'
          | 'JO'
          | 'JP'
          | 'KE'
          | 'KG'
          | 'KH'
          | 'KI'
          | 'KM'
          | 'KN'
          | 'KP'
          | 'KR'
          | 'KW'
          | 'KY'
          | 'KZ'
          | 'LA'
          | 'LB'
          | 'LC'
          | 'LI'
          | 'LK'
          | 'LR'
          | 'LS'
          | 'LT'
          | 'LU'
          | 'LV'
          | 'LY'
          | 'MA'
          | 'MC'
          | 'MD'
          | 'ME'
          | 'MF'
          | 'MG'
          | 'MH'
          | 'MK'
          | 'ML'
          | 'MM'
          | 'MN'
          | 'MO'
          | 'MP'
          | 'MQ'
          | 'MR'
          | 'MS'
          | 'MT'
          | 'MU'
          | 'MV'
          | 'MW'
          | 'MX'
          | 'MY'
          | 'MZ'
          | 'NA'
          | 'NC'
          | 'NE'
          | 'NF'
          | 'NG'
          | 'NI'
          | 'NL'
          | 'NO'
          | 'NP'
          | 'NR'
          | 'NU'
          | 'NZ'
          | 'OM'
          | 'PA'
          | 'PE'
          | 'PF'
          | 'PG'
          | 'PH'
          | 'PK'
          | 'PL'
          | 'PM'
          | 'PN'
          | 'PR'
          | 'PS'
          | 'PT'
          | 'PW'
          | 'PY'
          | 'QA'
          | 'RE'
          | 'RO'
          | 'RS'
          | 'RU'
          | 'RW'
          | 'SA'
          | 'SB'
          | 'SC'
          | 'SD'
          | 'SE'
          | 'SG'
          | 'SH'
          | 'SI'
          | 'SJ'
          | 'SK'
          | 'SL'
          | 'SM'
          | 'SN'
          | 'SO'
          | 'SR'
          | 'SS'
          | 'ST'
          | 'SV'
          | 'SX'
          | 'SY'
          | 'SZ'
          | 'TC'
          | 'TD'
          | 'TF'
          | 'TG'
          | 'TH'
          | 'TJ'
          | 'TK'
          | 'TL'
          | 'TM'
          | 'TN'
          | 'TO'
          | 'TR'
          | 'TT'
          | 'TV'
          | 'TW'
          | 'TZ'
          | 'UA'
          | 'UG'
          | 'UM'
          | 'US'
          | 'UY'
          | 'UZ'
          | 'VA'
          | 'VC'
          | 'VE'
          | 'VG'
          | 'VI'
          | 'VN'
          | 'VU'
          | 'WF'
          | 'WS'
          | 'YE'
          | 'YT'
          | 'ZA'
          | 'ZM'
          | 'ZW';
        /** @description Every word must start a word of the name or headline */
        q?: string;
        updatedSince?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfilePageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight (here: requests with `limit` of 100 or more); `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_create_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "publicId": "ada-lovelace",
         *       "url": "https://profiles.example/in/ada-lovelace",
         *       "fullName": "Ada Lovelace",
         *       "headline": "Analyst of engines",
         *       "location": {
         *         "city": "Berlin",
         *         "region": "Berlin",
         *         "country": "DE"
         *       },
         *       "experiences": [
         *         {
         *           "title": "Staff Engineer",
         *           "startDate": "2021-04",
         *           "endDate": "2024-01"
         *         }
         *       ],
         *       "education": [
         *         {
         *           "school": "TU Berlin"
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['CreateProfileDto'];
      };
    };
    responses: {
      /** @description Created; `Location` names the new profile */
      201: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          /** @description The path of the new resource, `/v1/profiles/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfileDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_batch_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "profiles": [
         *         {
         *           "publicId": "ada-lovelace",
         *           "fullName": "Ada Lovelace"
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['BatchProfilesDto'];
      };
    };
    responses: {
      /** @description Per-item outcome, by input index */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BatchResultDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description BATCH_TOO_LARGE: more than 1000 items */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight; `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_get_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The profile; `ETag` carries its version */
      200: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfileDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_delete_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted for good */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_update_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
        /** @description The ETag of the version this change is based on, or `*`; a stale or foreign value is 412 `PRECONDITION_FAILED` */
        'If-Match'?: string;
      };
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "url": "https://profiles.example/in/ada-lovelace",
         *       "headline": "Analyst of engines",
         *       "location": {
         *         "city": "Berlin",
         *         "region": "Berlin",
         *         "country": "DE"
         *       },
         *       "experiences": [
         *         {
         *           "title": "Staff Engineer",
         *           "startDate": "2021-04",
         *           "endDate": "2024-01"
         *         }
         *       ],
         *       "education": [
         *         {
         *           "school": "TU Berlin"
         *         }
         *       ],
         *       "fullName": "Ada Lovelace"
         *     }
         */
        'application/json': components['schemas']['UpdateProfileDto'];
      };
    };
    responses: {
      /** @description Updated; 412 when `If-Match` is stale */
      200: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfileDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_listHistory_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What each write changed and who made it, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfileHistoryPageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description NOT_FOUND: Scout holds no history for this profile */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ProfilesController_getVersion_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
        /** @description The version a write took the profile to */
        version: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The profile as that version left it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfileVersionDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description NOT_FOUND: no write took the profile to this version */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_list_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
        sort?: '-updatedAt' | 'name';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyPageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight (here: requests with `limit` of 100 or more); `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_create_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "publicId": "acme-corp",
         *       "name": "Acme Corp",
         *       "url": "https://profiles.example/company/acme-corp",
         *       "industry": "Software",
         *       "website": "https://acme.example",
         *       "headquarters": "Berlin, DE"
         *     }
         */
        'application/json': components['schemas']['CreateCompanyDto'];
      };
    };
    responses: {
      /** @description Created; `Location` names the new company */
      201: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          /** @description The path of the new resource, `/v1/companies/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_get_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The company; `ETag` carries its version */
      200: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_delete_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description COMPANY_IN_USE: profiles still reference it, or are being written to reference it */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_update_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome); a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
        /** @description The ETag of the version this change is based on, or `*`; a stale or foreign value is 412 `PRECONDITION_FAILED` */
        'If-Match'?: string;
      };
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "url": "https://profiles.example/company/acme-corp",
         *       "industry": "Software",
         *       "website": "https://acme.example",
         *       "headquarters": "Berlin, DE",
         *       "name": "Acme Corp"
         *     }
         */
        'application/json': components['schemas']['UpdateCompanyDto'];
      };
    };
    responses: {
      /** @description Updated; 412 when `If-Match` is stale */
      200: {
        headers: {
          /** @description The version of the resource, for `If-Match` */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  CompaniesController_listProfiles_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
        sort?: '-updatedAt' | 'fullName';
      };
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Profiles whose current company this is */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProfilePageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight (here: requests with `limit` of 100 or more); `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_list_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
        status?: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeJobPageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight (here: requests with `limit` of 100 or more); `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_create_v1: {
    parameters: {
      query?: never;
      header?: {
        /** @description Replays return the first job; a malformed key is 400 `VALIDATION_FAILED` */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "profile": "ada-lovelace"
         *     }
         */
        'application/json': components['schemas']['CreateScrapeJobDto'];
      };
    };
    responses: {
      /** @description Recorded and queued (or the target’s active job); `Location` names it. Accepted even while the queue is unreachable: the job is enqueued once it is back */
      202: {
        headers: {
          /** @description The path of the new resource, `/v1/scrape-jobs/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeJobDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `scrape:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FEATURE_DISABLED: the `scraping.enabled` feature flag is off */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_batch_v1: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "profiles": [
         *         "ada-lovelace",
         *         "grace-hopper"
         *       ]
         *     }
         */
        'application/json': components['schemas']['BatchScrapeJobsDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeBatchResultDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `scrape:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description BATCH_TOO_LARGE: more than 1000 targets */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent, or the key already has `RATE_LIMIT_COSTLY_CONCURRENCY` (default 2) costly requests in flight; `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FEATURE_DISABLED: the `scraping.enabled` feature flag is off */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_get_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The job’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeJobDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `profiles:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_cancel_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The job’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cancelled */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeJobDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `scrape:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description JOB_RUNNING, or the job already finished */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_replay_v1: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "code": "HOST_UNAVAILABLE"
         *     }
         */
        'application/json': components['schemas']['ReplayScrapeJobsDto'];
      };
    };
    responses: {
      /** @description Failed or dead jobs matching the filter (default: dead), queued again */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReplayResultDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FEATURE_DISABLED: the `scraping.enabled` feature flag is off */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ScrapeJobsController_retry_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The job’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A failed or dead job, queued again */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScrapeJobDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `scrape:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description The job is not failed or dead, or its target has an active job */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FEATURE_DISABLED: the `scraping.enabled` feature flag is off */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_list_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookPageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_create_v1: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "url": "https://hooks.example.com/scout",
         *       "eventTypes": [
         *         "profile.updated"
         *       ]
         *     }
         */
        'application/json': components['schemas']['CreateWebhookDto'];
      };
    };
    responses: {
      /** @description Registered; the answer carries the signing secret, shown this once only */
      201: {
        headers: {
          /** @description The path of the new resource, `/v1/webhooks/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedWebhookDto'];
        };
      };
      /** @description INVALID_WEBHOOK_TARGET: the URL is not http(s), has user info, or its host is private */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_get_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_delete_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted, with its deliveries */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_update_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "url": "https://hooks.example.com/scout"
         *     }
         */
        'application/json': components['schemas']['UpdateWebhookDto'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDto'];
        };
      };
      /** @description INVALID_WEBHOOK_TARGET: the URL is not http(s), has user info, or its host is private */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_listDeliveries_v1: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Opaque cursor from `page.nextCursor` of the previous page */
        cursor?: string;
        status?: 'pending' | 'retrying' | 'delivered' | 'dead';
      };
      header?: never;
      path: {
        /** @description The webhook’s ObjectId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryPageDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  WebhooksController_redeliver_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook’s ObjectId */
        id: string;
        /** @description The delivery’s ObjectId */
        deliveryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queued again for a fresh round of attempts (same event id and body) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ErasureRequestsController_create_v1: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "profile": "ada-lovelace"
         *     }
         */
        'application/json': components['schemas']['CreateErasureRequestDto'];
      };
    };
    responses: {
      /** @description Erased; the body is the receipt */
      201: {
        headers: {
          /** @description The path of the new resource, `/v1/erasure-requests/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErasureReceiptDto'];
        };
      };
      /** @description Recorded and partly done; the maintenance queue finishes it (`waitingFor` says why) */
      202: {
        headers: {
          /** @description The path of the new resource, `/v1/erasure-requests/{id}` */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErasureReceiptDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `privacy:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ErasureRequestsController_get_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The receipt */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErasureReceiptDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `privacy:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  ErasureRequestsController_lift_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A suppression entry as an erasure receipt lists it */
        hash: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Lifted: the person may be collected again */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `admin` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  PersonExportController_export_v1: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ObjectId or publicId */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Everything Scout holds about the person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonExportDto'];
        };
      };
      /** @description UNAUTHORIZED: no API key, or an invalid or revoked one */
      401: {
        headers: {
          /** @description Always `Bearer realm="scout"` */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description FORBIDDEN: the API key lacks the `privacy:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent */
      429: {
        headers: {
          /** @description Seconds until the window ends */
          'Retry-After'?: number;
          /** @description Requests per window for this budget */
          'RateLimit-Limit'?: number;
          /** @description Requests left in this window */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the window ends */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReportDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReportDto'];
        };
      };
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReportDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
  HealthController_startup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReportDto'];
        };
      };
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthReportDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '4XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
      /** @description Problem details (RFC 9457) */
      '5XX': {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetailsDto'];
        };
      };
    };
  };
}
