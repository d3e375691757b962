import { Injectable } from '@nestjs/common';
import { CursorCodec, type Page } from '@scout/common';
import { AppConfig } from '@scout/config';
import { EventHistory, type EventSubject, type HistoryEntry } from '@scout/events';
import { parseRef } from './identifier';
import { companyRefs, toProfileView } from './profile.mapper';
import { ProfilesErrors } from './profiles.errors';
import type { ProfileChangeView, ProfileVersionView } from './profiles.types';
import { CompanyRepository } from './repositories/company.repository';
import { fromDocument } from './repositories/profile.document';
import { ProfileRepository } from './repositories/profile.repository';

/**
 * What changed in a profile and who changed it, read from the change events its writes
 * recorded. A deleted profile's history stays readable by its id until retention or erasure
 * removes it.
 */
@Injectable()
export class ProfileHistoryService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly history: EventHistory,
    private readonly profiles: ProfileRepository,
    private readonly companies: CompanyRepository,
    config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  /** The profile's history, newest first; 404 for a profile Scout holds nothing about. */
  async list(rawId: string, limit: number, cursor?: string): Promise<Page<ProfileChangeView>> {
    const subject = await this.subject(rawId);
    const scope = `profile-history|${subject.id}`;
    const before = cursor ? Number(this.cursors.decode(scope, cursor)[0]) : undefined;
    const { entries, hasMore } = await this.history.page(subject, limit, before);
    if (entries.length === 0 && before === undefined) throw ProfilesErrors.profileNotFound(rawId);
    const last = entries.at(-1);
    return {
      data: entries.map(toChangeView),
      page: {
        limit,
        nextCursor: hasMore && last ? this.cursors.encode(scope, [last.sequence]) : null,
      },
    };
  }

  /** The profile as it was at `version`; 404 when no write took it there (or it was deleted). */
  async version(rawId: string, version: number): Promise<ProfileVersionView> {
    const subject = await this.subject(rawId);
    const entry = await this.history.version(subject, version);
    if (!entry?.snapshot) throw ProfilesErrors.versionNotFound(rawId, version);
    const snapshot = fromDocument(entry.snapshot);
    const summaries = await this.companies.findSummaries(companyRefs(snapshot));
    return { ...toChangeView(entry), profile: toProfileView(snapshot, summaries) };
  }

  /**
   * The profile a path names: a current profile by id or publicId, or by id alone one that was
   * deleted (its publicId no longer leads anywhere).
   */
  private async subject(rawId: string): Promise<EventSubject> {
    const ref = parseRef(rawId);
    const found =
      ref.kind === 'publicId'
        ? await this.profiles.findByPublicId(ref.value)
        : ((await this.profiles.findById(ref.value)) ??
          (await this.profiles.findByPublicId(ref.value)));
    if (found) return { kind: 'profile', id: found.id };
    if (ref.kind === 'id') return { kind: 'profile', id: ref.value };
    throw ProfilesErrors.profileNotFound(rawId);
  }
}

function toChangeView(entry: HistoryEntry): ProfileChangeView {
  return {
    version: entry.sequence,
    type: entry.type,
    actor: entry.actor,
    at: entry.occurredAt.toISOString(),
    changes: entry.changes,
  };
}
