import { Injectable } from '@nestjs/common';
import { CacheService } from '@scout/caching';
import { DomainError, ErrorCode } from '@scout/common';
import { DocumentLock } from '@scout/database';
import type { Actor } from '@scout/events';
import { CacheKeys } from './cache-keys';
import { parseRef } from './identifier';
import { mergePatch } from './profile.content';
import { ProfileLookup } from './profile.lookup';
import { normalizeProfile } from './profile.normalizer';
import { backOffWhenBusy, ProfileRecorder, UPDATE_ATTEMPTS } from './profile.recorder';
import { ProfilesErrors } from './profiles.errors';
import type { CreateOptions, ProfileInput, ProfilePatch, ProfileView } from './profiles.types';
import { ProfileRepository } from './repositories/profile.repository';
import type { UpdateOutcome } from './repositories/repository.helpers';
import type { ProfileContent, StoredProfile } from './stored-profile';
import { SuppressionCheck } from './suppression.check';

/** What one patch asks, and how a stale or repeated request is treated. */
interface PatchRequest {
  id: string;
  rawId: string;
  patch: ProfilePatch;
  actor: Actor;
  expectedVersion?: number;
  adoptIdentical: boolean;
}

/**
 * Writing single profiles: create, patch (versioned, retried on a concurrent change) and
 * delete. Each write records its change event, and drops every cached copy of the profile.
 */
@Injectable()
export class ProfileCommands {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly lookup: ProfileLookup,
    private readonly recorder: ProfileRecorder,
    private readonly cache: CacheService,
    private readonly locks: DocumentLock,
    private readonly suppression: SuppressionCheck,
  ) {}

  /**
   * Creates a profile. With `adoptIdentical` (a retry of a create whose outcome was unknown), a
   * profile that already has this publicId and exactly this content is taken as the earlier
   * attempt's result instead of a conflict.
   */
  async create(
    input: ProfileInput,
    actor: Actor,
    options: CreateOptions = {},
  ): Promise<ProfileView> {
    await this.suppression.assertAllowed(input);
    return this.lookup.writeReferencing(normalizeProfile(input), async (content) => {
      let created: StoredProfile;
      try {
        created = await this.recorder.create(content, actor);
      } catch (error) {
        if (!(
          options.adoptIdentical &&
          error instanceof DomainError &&
          error.code === ErrorCode.DuplicateKey
        )) {
          throw error;
        }
        const existing = await this.profiles.findByPublicId(content.publicId);
        if (existing?.contentHash !== content.contentHash) throw error;
        return this.lookup.view(existing);
      }
      const view = await this.lookup.view(created);
      await this.cache.invalidate(CacheKeys.forProfile(view.id, view.publicId));
      return view;
    });
  }

  /**
   * Applies a partial update. With `expectedVersion` (from If-Match) a concurrent change is a
   * 412; without it, the update is still atomic per attempt and retried on a concurrent change,
   * so two clients patching different fields never lose each other's writes. With
   * `adoptIdentical` (a retry of a patch whose outcome was unknown), a stale `expectedVersion` is
   * no conflict when the profile already holds exactly what the patch asks for.
   */
  async update(
    rawId: string,
    patch: ProfilePatch,
    actor: Actor,
    expectedVersion?: number,
    options: CreateOptions = {},
  ): Promise<ProfileView> {
    const target = await this.lookup.find(parseRef(rawId));
    if (!target) throw ProfilesErrors.profileNotFound(rawId);
    const request: PatchRequest = {
      id: target.id,
      rawId,
      patch,
      actor,
      expectedVersion,
      adoptIdentical: options.adoptIdentical === true,
    };
    return this.locks.withLock(`profile:${target.id}`, () => this.applyPatch(request));
  }

  /** Deletes a profile for good, and every cached copy of it; history keeps the deletion. */
  async delete(rawId: string, actor: Actor): Promise<void> {
    const target = await this.lookup.find(parseRef(rawId));
    if (!target) throw ProfilesErrors.profileNotFound(rawId);
    const deleted = await this.locks.withLock(`profile:${target.id}`, async () => {
      const current = await this.profiles.findById(target.id);
      return current ? this.recorder.delete(current, actor) : null;
    });
    if (!deleted) throw ProfilesErrors.profileNotFound(rawId);
    await this.cache.invalidate(CacheKeys.forProfile(target.id, target.publicId));
  }

  /** The patch loop; callers hold the profile's lock. */
  private async applyPatch(request: PatchRequest): Promise<ProfileView> {
    const { id, rawId, patch, expectedVersion, adoptIdentical } = request;
    for (let attempt = 1; ; attempt++) {
      const current = await this.profiles.findById(id);
      if (!current) throw ProfilesErrors.profileNotFound(rawId);
      const stale = expectedVersion !== undefined && current.version !== expectedVersion;
      if (stale && !adoptIdentical) throw ProfilesErrors.preconditionFailed(current.version);
      const view = await this.lookup.writeReferencing(
        normalizeProfile(mergePatch(current, patch)),
        (content) => this.writePatch(request, current, content, stale, attempt),
        current,
      );
      if (view) return view;
    }
  }

  /**
   * One attempt of a patch over `current`, holding the leases of the companies `content`
   * references: the stored view, or null when the profile moved on and the attempt is retried.
   */
  private async writePatch(
    request: PatchRequest,
    current: StoredProfile,
    content: ProfileContent,
    stale: boolean,
    attempt: number,
  ): Promise<ProfileView | null> {
    const { rawId, patch, actor, expectedVersion } = request;
    const cleared = Object.fromEntries(
      Object.entries(patch)
        .filter(([, value]) => value === null)
        .map(([key]) => [key, null]),
    );
    const unchanged =
      content.contentHash === current.contentHash && Object.keys(cleared).length === 0;
    if (stale && !unchanged) throw ProfilesErrors.preconditionFailed(current.version);
    if (unchanged) return this.lookup.view(current);
    let outcome: UpdateOutcome<StoredProfile>;
    try {
      outcome = await this.recorder.update(current, { ...content, ...cleared }, actor);
    } catch (error) {
      await backOffWhenBusy(error, attempt);
      return null;
    }
    if (outcome.status === 'missing') throw ProfilesErrors.profileNotFound(rawId);
    if (outcome.status === 'stale') {
      if (expectedVersion !== undefined || attempt >= UPDATE_ATTEMPTS) {
        throw ProfilesErrors.preconditionFailed(outcome.currentVersion);
      }
      return null;
    }
    const view = await this.lookup.view(outcome.value);
    await this.cache.invalidate(CacheKeys.forProfile(view.id, view.publicId));
    return view;
  }
}
