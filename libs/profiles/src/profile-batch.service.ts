import { Injectable } from '@nestjs/common';
import { Error as MongooseError } from 'mongoose';
import { CacheService } from '@scout/caching';
import { DomainError, type FieldError } from '@scout/common';
import { isDuplicateKeyError } from '@scout/database';
import type { Actor } from '@scout/events';
import { CacheKeys } from './cache-keys';
import { CompanyReferenceLeases } from './company-reference.leases';
import { referencedCompanies, toContent } from './profile.content';
import { type NormalizedProfile, normalizeProfile } from './profile.normalizer';
import { ProfileRecorder } from './profile.recorder';
import type { BatchItemResult, ProfileInput } from './profiles.types';
import { CompanyRepository } from './repositories/company.repository';
import { type BatchWrite, ProfileMovedOnError } from './repositories/profile-batch.plan';
import { ProfileRepository } from './repositories/profile.repository';
import { SuppressionCheck } from './suppression.check';

/** A batch item that passed normalization, by its index in the request. */
interface BatchItem {
  index: number;
  profile: NormalizedProfile;
}

/** A planned write with the request index and publicId its result reports. */
type IndexedWrite = BatchWrite & { index: number; publicId: string };

/**
 * Batch upserts by publicId: up to 1,000 already-validated profiles, each with its own outcome,
 * in as few queries and bulk writes as the server takes.
 */
@Injectable()
export class ProfileBatch {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly companies: CompanyRepository,
    private readonly recorder: ProfileRecorder,
    private readonly cache: CacheService,
    private readonly suppression: SuppressionCheck,
    private readonly leases: CompanyReferenceLeases,
  ) {}

  /**
   * Upserts profiles by publicId: company references resolved in one query, current versions
   * read in one query, all changes written in one unordered bulk write. A profile whose content
   * hash is unchanged is not written at all, so resending a batch reports every item
   * `unchanged`. The referenced companies are leased until the write is stored, so none is
   * deleted under it; an item referencing a company being deleted is `invalid` (unknown company).
   */
  async batchUpsert(
    items: Array<{ index: number; input: ProfileInput }>,
    actor: Actor,
  ): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    const normalized = this.normalize(items, results);
    const allowed = await this.dropSuppressed(normalized, results);
    const refs = allowed.flatMap(({ profile }) => referencedCompanies(profile));
    const { writes, outcome } = await this.leases.whileReferencing(refs, async (deleting) => {
      const planned = await this.plan(allowed, deleting, results);
      return { writes: planned, outcome: await this.recorder.writeBatch(planned, actor) };
    });
    const invalidations: string[] = [];
    writes.forEach(({ kind, id, index, publicId }, i) => {
      const refused = outcome[i];
      if (refused) {
        results.push(invalid(index, publicId, refusalErrors(refused)));
        return;
      }
      results.push({ index, status: kind === 'insert' ? 'created' : 'updated', id, publicId });
      invalidations.push(...CacheKeys.forProfile(id, publicId));
    });
    await this.cache.invalidate(invalidations);
    return results.sort((a, b) => a.index - b.index);
  }

  /** Cleans each item; a repeated publicId or a field empty after cleaning is `invalid`. */
  private normalize(
    items: Array<{ index: number; input: ProfileInput }>,
    results: BatchItemResult[],
  ): BatchItem[] {
    const normalized: BatchItem[] = [];
    const seen = new Set<string>();
    for (const { index, input } of items) {
      if (seen.has(input.publicId)) {
        results.push(
          invalid(index, input.publicId, [
            {
              field: 'publicId',
              message: 'appears more than once in this batch',
              code: 'duplicateInBatch',
            },
          ]),
        );
        continue;
      }
      seen.add(input.publicId);
      try {
        normalized.push({ index, profile: normalizeProfile(input) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push(invalid(index, input.publicId, error.errors ?? []));
      }
    }
    return normalized;
  }

  /** Reports people Scout must not collect as `suppressed`; the others go on. */
  private async dropSuppressed(
    items: BatchItem[],
    results: BatchItemResult[],
  ): Promise<BatchItem[]> {
    const suppressed = await this.suppression.suppressed(items.map((item) => item.profile));
    for (const [i, { index, profile }] of items.entries()) {
      if (suppressed[i]) results.push({ index, status: 'suppressed', publicId: profile.publicId });
    }
    return items.filter((_, i) => !suppressed[i]);
  }

  /**
   * Resolves company references and reads current versions, each in one query, and plans an
   * insert or update per changed profile; unknown companies are `invalid`, same content is
   * `unchanged`.
   */
  private async plan(
    items: BatchItem[],
    deleting: ReadonlySet<string>,
    results: BatchItemResult[],
  ): Promise<IndexedWrite[]> {
    const refs = items.flatMap(({ profile }) => referencedCompanies(profile));
    const resolvedRefs = await this.companies.resolveRefs(refs.filter((ref) => !deleting.has(ref)));
    const existing = await this.profiles.findByPublicIds(
      items.map(({ profile }) => profile.publicId),
    );
    const writes: IndexedWrite[] = [];
    for (const { index, profile } of items) {
      const { publicId } = profile;
      const unknown = referencedCompanies(profile).filter((ref) => !resolvedRefs.has(ref));
      if (unknown.length > 0) {
        const message = `unknown company: ${unknown.join(', ')}`;
        results.push(
          invalid(index, publicId, [{ field: 'currentCompany', message, code: 'unknownCompany' }]),
        );
        continue;
      }
      const content = toContent(profile, resolvedRefs);
      const current = existing.get(publicId);
      if (!current) {
        const id = this.profiles.newId();
        writes.push({ kind: 'insert', id, content, index, publicId });
      } else if (current.contentHash === content.contentHash) {
        results.push({ index, status: 'unchanged', id: current.id, publicId });
      } else {
        writes.push({ kind: 'update', id: current.id, content, before: current, index, publicId });
      }
    }
    return writes;
  }
}

function invalid(
  index: number,
  publicId: string | undefined,
  errors: FieldError[],
): BatchItemResult {
  return { index, status: 'invalid', publicId, errors };
}

/** Why the database refused one item of a batch, as field errors for that item. */
function refusalErrors(error: Error): FieldError[] {
  if (error instanceof MongooseError.ValidationError) {
    return Object.values(error.errors).map((e) => ({
      field: e.path,
      message: e.message,
      code: e instanceof MongooseError.ValidatorError ? e.kind : 'cast',
    }));
  }
  if (error instanceof ProfileMovedOnError) {
    return [
      {
        field: '',
        message: 'another request changed this profile at the same time; send it again',
        code: 'conflict',
      },
    ];
  }
  if (isDuplicateKeyError(error)) {
    return [
      {
        field: 'publicId',
        message: 'another request created this profile at the same time; send it again',
        code: 'duplicate',
      },
    ];
  }
  return [{ field: '', message: 'the database refused this profile', code: 'writeRefused' }];
}
