import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { parseTarget, RULES } from '@scout/profiles';
import { ErasureEvents } from './erasure-events';
import { ErasureParticipants } from './erasure-participants';
import { PersonHasher } from './person-hasher';
import { PrivacyErrors } from './privacy.errors';
import { PrivacyStats } from './privacy.stats';
import { ErasureDeferredError, type ErasureReceipt, type ErasureSubject } from './privacy.types';
import {
  type ErasureRequestRecord,
  ErasureRequestRepository,
} from './repositories/erasure-request.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { SuppressionService } from './suppression.service';

const OBJECT_ID = /^[0-9a-f]{24}$/;
/** The first step of every erasure: nothing may collect the person again from here on. */
const SUPPRESSION_STEP = 'suppression';
/** Pending requests one maintenance run resumes. */
const RESUME_BATCH = 20;

/**
 * Erases a person everywhere Scout keeps data. The request is recorded first (`pending`, with
 * the identifiers it needs), then: the person goes on the suppression list, and every registered
 * {@link ErasureParticipant} removes what it holds, in order, each step recorded as done. A
 * second pass asks every participant again but the exhaustive searches (which ran last, after
 * every named store), for what work in flight wrote meanwhile. The
 * `profile.erased` event is recorded, and the request completes: identifiers removed, counts
 * kept. A step that cannot finish yet (a job still running) or fails leaves the request pending
 * with the reason; {@link ErasureService.resumePending} (the maintenance queue) picks it up and
 * runs the steps not done yet. Every step is idempotent, so running one twice is harmless.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly data: PersonalDataRepository,
    private readonly participants: ErasureParticipants,
    private readonly suppression: SuppressionService,
    private readonly events: ErasureEvents,
    private readonly hasher: PersonHasher,
    private readonly stats: PrivacyStats,
    private readonly config: AppConfig,
  ) {}

  /**
   * Erases the person with this profile id or publicId. A publicId Scout holds no profile for is
   * still erased (scrape jobs, queue entries, leftovers) and suppressed; an unknown ObjectId is a
   * 404, as there is nothing to go by.
   */
  async request(rawProfile: string, requestedBy: string): Promise<ErasureReceipt> {
    const subject = await this.resolve(rawProfile);
    const record = await this.requests.create({
      requestedBy,
      subjectHash: this.hasher.hash('profile', subject.profileId ?? subject.publicId),
      subject,
      eventId: randomUUID(),
    });
    this.logger.log({ erasureId: String(record._id) }, 'erasure requested');
    return this.run(record);
  }

  async get(id: string): Promise<ErasureReceipt> {
    const record = await this.requests.findById(id);
    if (!record) throw PrivacyErrors.erasureNotFound();
    return toReceipt(record);
  }

  /** Runs the steps still to do of pending requests, oldest first; for the maintenance queue. */
  async resumePending(): Promise<{ resumed: number; completed: number }> {
    const pending = await this.requests.pending(RESUME_BATCH);
    let completed = 0;
    for (const record of pending) {
      if ((await this.run(record)).state === 'completed') completed++;
    }
    return { resumed: pending.length, completed };
  }

  private async run(record: ErasureRequestRecord): Promise<ErasureReceipt> {
    const { subject } = record;
    if (record.state === 'completed' || !subject) return toReceipt(record);
    const id = record._id;
    const done = new Set(record.done);
    if (!done.has(SUPPRESSION_STEP)) {
      const hashes = await this.suppression.suppress(subject.publicId, subject.urls, String(id));
      await this.requests.setSuppressions(id, hashes);
      await this.requests.finishStep(id, SUPPRESSION_STEP, hashes.length);
    }
    const waiting = await this.removeEverywhere(id, subject, done);
    if (waiting) {
      await this.requests.setWaiting(id, waiting);
      return this.get(String(id));
    }
    if (subject.profileId) {
      await this.events.profileErased({
        eventId: record.eventId,
        profileId: subject.profileId,
        lastVersion: subject.lastVersion ?? 0,
        actor: record.requestedBy,
      });
    }
    const completed = await this.requests.complete(id);
    if (!completed) throw PrivacyErrors.erasureNotFound();
    this.stats.recordErasure(completed.removed);
    this.logger.log({ erasureId: String(id), removed: completed.removed }, 'erasure completed');
    return toReceipt(completed);
  }

  /**
   * Every participant's step not done yet, then (when all are done) the second pass over the
   * participants that look the person up (the exhaustive searches ran last already). A step
   * that has to wait (deferred) does not hold up the steps after it; a step that fails stops the
   * run there, as a crash would, and the next run starts from it. Returns why the erasure has to
   * wait, or undefined when everything is removed.
   */
  private async removeEverywhere(
    id: Types.ObjectId,
    subject: ErasureSubject,
    done: ReadonlySet<string>,
  ): Promise<string | undefined> {
    const reasons: string[] = [];
    for (const participant of this.participants.all()) {
      if (done.has(participant.store)) continue;
      try {
        await this.requests.finishStep(id, participant.store, await participant.remove(subject));
      } catch (error) {
        reasons.push(await this.postpone(id, participant.store, error));
        if (!(error instanceof ErasureDeferredError)) break;
      }
    }
    if (reasons.length > 0) return reasons.join('; ');
    for (const participant of this.participants.all()) {
      if (participant.exhaustive) continue;
      try {
        const removed = await participant.remove(subject);
        if (removed > 0) await this.requests.addRemoved(id, participant.store, removed);
      } catch (error) {
        return this.postpone(id, participant.store, error);
      }
    }
    return undefined;
  }

  /** Records what a step that could not finish did remove, and says why it waits. */
  private async postpone(id: Types.ObjectId, store: string, error: unknown): Promise<string> {
    if (error instanceof ErasureDeferredError) {
      if (error.removed > 0) await this.requests.addRemoved(id, store, error.removed);
      return `${store}: ${error.message}`;
    }
    const name = error instanceof Error ? error.name : 'unknown error';
    this.logger.warn({ erasureId: String(id), store, errName: name }, 'erasure step failed');
    return `${store}: failed (${name}); the maintenance queue resumes from here`;
  }

  private async resolve(raw: string): Promise<ErasureSubject> {
    if (!OBJECT_ID.test(raw) && !RULES.publicId.test(raw)) {
      throw new DomainError(
        ErrorCode.InvalidId,
        'A profile is named by its 24-character ObjectId or its publicId.',
        { errors: [{ field: 'profile', message: 'not an id or publicId', code: 'id' }] },
      );
    }
    const byId = OBJECT_ID.test(raw) ? await this.data.profileById(raw) : null;
    const profile = byId ?? (await this.data.profileByPublicId(raw));
    if (!profile && OBJECT_ID.test(raw)) throw PrivacyErrors.personNotFound();
    const publicId = byId?.publicId ?? raw;
    const urls = new Set<string>();
    if (profile?.url) urls.add(profile.url);
    urls.add(parseTarget(publicId, this.config.scraping.baseUrl).url);
    return {
      profileId: profile?.id,
      publicId,
      urls: [...urls],
      scrapeJobIds: await this.data.scrapeJobIds(publicId, profile?.id),
      lastVersion: profile?.version,
    };
  }
}

function toReceipt(record: ErasureRequestRecord): ErasureReceipt {
  return {
    id: String(record._id),
    state: record.state as ErasureReceipt['state'],
    requestedBy: record.requestedBy,
    requestedAt: record.createdAt.toISOString(),
    completedAt: record.completedAt?.toISOString(),
    subjectHash: record.subjectHash,
    suppressions: record.suppressions ?? [],
    removed: record.removed ?? {},
    waitingFor: record.waitingFor,
  };
}
