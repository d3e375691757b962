import { Injectable } from '@nestjs/common';
import { PersonalDataRepository } from './repositories/personal-data.repository';

/**
 * Announces a completed erasure to other services: the one hook between erasure and the change
 * event outbox. It records a committed `profile.erased` event (subject: the profile id, sequence:
 * the profile's last version + 1, no data) straight in the `events` collection; when the event
 * log of `@scout/events` offers a recording call, this method is where it goes.
 */
@Injectable()
export class ErasureEvents {
  constructor(private readonly data: PersonalDataRepository) {}

  /** Records `profile.erased` once per request (`eventId` is fixed when the request is made). */
  profileErased(event: {
    eventId: string;
    profileId: string;
    lastVersion: number;
    actor: string;
  }): Promise<void> {
    return this.data.recordErasedEvent({
      eventId: event.eventId,
      profileId: event.profileId,
      sequence: event.lastVersion + 1,
      actor: event.actor,
    });
  }
}
