import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DocumentLock } from '@scout/database';
import { EventLog, type PendingEvent, type Resolution } from '@scout/events';
import { ProfileRepository } from './repositories/profile.repository';

/**
 * Answers for profile events left pending (a writer died between its write and the commit, or
 * its write's outcome was unknown). A profile event's sequence is the version its write took the
 * profile to, and only the writer holding that sequence can have done so; hence its write landed
 * exactly when the profile is at that version or later, or (a deletion) is gone, or a later
 * event of the profile exists (whose writer read the version this write produced).
 */
@Injectable()
export class ProfileEventResolver implements OnModuleInit {
  constructor(
    private readonly events: EventLog,
    private readonly profiles: ProfileRepository,
    private readonly locks: DocumentLock,
  ) {}

  onModuleInit(): void {
    this.events.registerResolver('profile', {
      exclusive: (id, work) => this.locks.withLock(`profile:${id}`, work),
      resolve: (event) => this.resolve(event),
    });
  }

  /** Whether the write that staged `event` landed; callers hold the profile's lock. */
  async resolve(event: PendingEvent): Promise<Resolution> {
    const profile = await this.profiles.findById(event.subject.id);
    if (profile) {
      if (profile.version >= event.sequence) return 'landed';
    } else if (event.type === 'profile.deleted') {
      return 'landed';
    }
    return (await this.events.hasLaterEvent(event.subject, event.sequence))
      ? 'landed'
      : 'not-landed';
  }
}
