import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import type { ErasureParticipant, ErasureSubject } from '../privacy.types';
import {
  PERSONAL_DATA_COLLECTIONS,
  PersonalDataRepository,
} from '../repositories/personal-data.repository';

/** Scrape job records and their results (`scrape_jobs`). */
@Injectable()
export class ScrapeJobsParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'scrape_jobs';
  readonly collections = [PERSONAL_DATA_COLLECTIONS.scrapeJobs];

  constructor(
    private readonly data: PersonalDataRepository,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.scrapeJobs);
  }

  find(subject: ErasureSubject): Promise<number> {
    return this.data.countScrapeJobs(subject);
  }

  remove(subject: ErasureSubject): Promise<number> {
    return this.data.deleteScrapeJobs(subject);
  }
}

/** Idempotency records of both kinds: scrape requests' and API writes' stored answers. */
@Injectable()
export class IdempotencyParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'idempotency';
  readonly collections = [
    PERSONAL_DATA_COLLECTIONS.scrapeIdempotency,
    PERSONAL_DATA_COLLECTIONS.apiIdempotency,
  ];

  constructor(
    private readonly data: PersonalDataRepository,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.idempotency);
  }

  find(subject: ErasureSubject): Promise<number> {
    return this.data.countIdempotency(subject);
  }

  remove(subject: ErasureSubject): Promise<number> {
    return this.data.deleteIdempotency(subject);
  }
}

/** The person's history: change events of the profile and of their scrape jobs (`events`). */
@Injectable()
export class EventsParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'events';
  readonly collections = [PERSONAL_DATA_COLLECTIONS.events];

  constructor(
    private readonly data: PersonalDataRepository,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.events);
  }

  find(subject: ErasureSubject): Promise<number> {
    return this.data.countEvents(subject);
  }

  remove(subject: ErasureSubject): Promise<number> {
    return this.data.deleteEvents(subject);
  }
}

/** The profile itself (`profiles`). */
@Injectable()
export class ProfilesParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'profiles';
  readonly collections = [PERSONAL_DATA_COLLECTIONS.profiles];

  constructor(
    private readonly data: PersonalDataRepository,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.profiles);
  }

  find(subject: ErasureSubject): Promise<number> {
    return this.data.countProfiles(subject);
  }

  remove(subject: ErasureSubject): Promise<number> {
    return this.data.deleteProfiles(subject);
  }
}
