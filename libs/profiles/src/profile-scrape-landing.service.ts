import { Injectable } from '@nestjs/common';
import { CacheService } from '@scout/caching';
import { DomainError, ErrorCode } from '@scout/common';
import { DocumentLock } from '@scout/database';
import type { Actor } from '@scout/events';
import { CacheKeys } from './cache-keys';
import { CompanyReferenceLeases } from './company-reference.leases';
import { referencedCompanies } from './profile.content';
import { ProfileLookup } from './profile.lookup';
import { normalizeProfile } from './profile.normalizer';
import { backOffWhenBusy, ProfileRecorder } from './profile.recorder';
import { ProfilesErrors } from './profiles.errors';
import type { ScrapeResultInput } from './profiles.types';
import { CompanyRepository } from './repositories/company.repository';
import { ProfileRepository } from './repositories/profile.repository';
import type { ProfileContent, ScrapeState, StoredProfile } from './stored-profile';
import { SuppressionCheck } from './suppression.check';

/**
 * What the scraping pipeline asks of profiles: landing a scraped page, recording a final
 * failure, marking queued scrapes, and finding profiles due for a re-scrape.
 */
@Injectable()
export class ProfileScrapeLanding {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly companies: CompanyRepository,
    private readonly lookup: ProfileLookup,
    private readonly recorder: ProfileRecorder,
    private readonly cache: CacheService,
    private readonly locks: DocumentLock,
    private readonly suppression: SuppressionCheck,
    private readonly leases: CompanyReferenceLeases,
  ) {}

  /**
   * Lands a scraped page idempotently: unknown companies are created, the profile is created
   * or updated by publicId, and a page whose content hash matches what is stored writes no
   * content at all (no new version, no `updatedAt` change) — so re-running the same job, or
   * re-scraping an unchanged page, changes nothing but the scrape bookkeeping. The scrape state
   * lands in the same write as new content; only an unchanged page writes it alone. The page's
   * companies are leased until the profile is stored, so none is deleted under it.
   */
  async applyScrape(input: ScrapeResultInput): Promise<{ profileId: string; changed: boolean }> {
    await this.suppression.assertAllowed(input.profile);
    const profile = normalizeProfile({ ...input.profile, source: 'scrape' });
    const refs = [...input.companies.map((c) => c.publicId), ...referencedCompanies(profile)];
    const result = await this.leases.whileReferencing(refs, async (deleting) => {
      const introduced = input.companies.filter((c) => !deleting.has(c.publicId));
      const known = await this.companies.ensureExist(introduced);
      return this.land(input, await this.lookup.resolve(profile, known, deleting));
    });
    await this.cache.invalidate(CacheKeys.forProfile(result.profileId, profile.publicId));
    return result;
  }

  /** Stores the page's content and scrape state; callers hold its companies' leases. */
  private async land(
    input: ScrapeResultInput,
    content: ProfileContent,
  ): Promise<{ profileId: string; changed: boolean }> {
    const actor: Actor = `scrape-job:${input.jobId}`;
    const at = new Date();
    const scrape: ScrapeState = {
      status: 'succeeded',
      lastJobId: input.jobId,
      contentHash: input.pageHash,
      lastScrapedAt: at,
    };
    const { profile, created } = await this.findOrCreate(content, actor, scrape);
    const changed =
      created ||
      (profile.contentHash !== content.contentHash &&
        (await this.updateContent(profile.id, content, actor, scrape)));
    if (!changed) {
      await this.profiles.markScraped(profile.id, {
        status: 'succeeded',
        jobId: input.jobId,
        contentHash: input.pageHash,
        at,
      });
    }
    return { profileId: profile.id, changed };
  }

  /** Records a final scrape failure on the profile, when there is one. */
  async recordScrapeFailure(publicId: string, jobId: string): Promise<void> {
    const existing = await this.profiles.findByPublicId(publicId);
    if (!existing) return;
    await this.profiles.markScraped(existing.id, { status: 'failed', jobId, at: new Date() });
    await this.cache.invalidate(CacheKeys.forProfile(existing.id, publicId));
  }

  /** Notes on existing profiles that a scrape is queued, so re-scrape batches skip them. */
  markScrapeQueued(publicIds: string[]): Promise<void> {
    return this.profiles.markScrapeQueued(publicIds);
  }

  /** A queued scrape was cancelled: the profile returns to its last finished scrape state. */
  clearScrapeQueued(publicId: string): Promise<void> {
    return this.profiles.clearScrapeQueued(publicId);
  }

  /** PublicIds whose last successful scrape is older than `olderThanMs`, for re-scraping. */
  staleProfiles(olderThanMs: number, limit: number): Promise<string[]> {
    return this.profiles.findStale(new Date(Date.now() - olderThanMs), limit);
  }

  /** The stored profile of this publicId, created from the page when there is none yet. */
  private async findOrCreate(
    content: ProfileContent,
    actor: Actor,
    scrape: ScrapeState,
  ): Promise<{ profile: StoredProfile; created: boolean }> {
    const existing = await this.profiles.findByPublicId(content.publicId);
    if (existing) return { profile: existing, created: false };
    try {
      return { profile: await this.recorder.create(content, actor, scrape), created: true };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.DuplicateKey)) throw error;
    }
    // Another landing of the same profile created it first.
    const raced = await this.profiles.findByPublicId(content.publicId);
    if (!raced) throw ProfilesErrors.profileNotFound(content.publicId);
    return { profile: raced, created: false };
  }

  /** Writes the page's content over the stored profile, under its lock; whether it changed. */
  private updateContent(
    id: string,
    content: ProfileContent,
    actor: Actor,
    scrape: ScrapeState,
  ): Promise<boolean> {
    return this.locks.withLock(`profile:${id}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const current = await this.profiles.findById(id);
        if (!current || current.contentHash === content.contentHash) return false;
        try {
          const outcome = await this.recorder.update(current, content, actor, scrape);
          return outcome.status === 'updated';
        } catch (error) {
          await backOffWhenBusy(error, attempt);
        }
      }
    });
  }
}
