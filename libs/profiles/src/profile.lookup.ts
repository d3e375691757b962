import { Injectable } from '@nestjs/common';
import { CompanyReferenceLeases } from './company-reference.leases';
import type { ResourceRef } from './identifier';
import { referencedCompanies, toContent } from './profile.content';
import { companyRefs, toProfileView } from './profile.mapper';
import type { NormalizedProfile } from './profile.normalizer';
import { ProfilesErrors } from './profiles.errors';
import type { ProfileView } from './profiles.types';
import { CompanyRepository } from './repositories/company.repository';
import { ProfileRepository } from './repositories/profile.repository';
import type { ProfileContent, StoredProfile } from './stored-profile';

/**
 * The lookups every profile service shares: a profile by either form of id, company references
 * resolved into stored content, and stored profiles made views with their companies inlined.
 */
@Injectable()
export class ProfileLookup {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly companies: CompanyRepository,
    private readonly leases: CompanyReferenceLeases,
  ) {}

  /** A profile by id or publicId; a 24-hex id that is no profile's id may be a publicId. */
  async find(ref: ResourceRef): Promise<StoredProfile | null> {
    if (ref.kind === 'publicId') return this.profiles.findByPublicId(ref.value);
    return (await this.profiles.findById(ref.value)) ?? this.profiles.findByPublicId(ref.value);
  }

  /** The view of one stored profile: one summary query for the companies it references. */
  async view(profile: StoredProfile): Promise<ProfileView> {
    return toProfileView(profile, await this.companies.findSummaries(companyRefs(profile)));
  }

  /** Views of a page of profiles: one summary query for the whole page. */
  async views(profiles: StoredProfile[]): Promise<ProfileView[]> {
    const summaries = await this.companies.findSummaries([
      ...new Set(profiles.flatMap(companyRefs)),
    ]);
    return profiles.map((profile) => toProfileView(profile, summaries));
  }

  /**
   * Runs `write` with the profile's content while holding shared leases on the companies it
   * references, so none of them is deleted before the write is stored; a company being deleted
   * is an unknown company (422). References `current` (the stored version the write replaces,
   * conditional on its version) holds already need no lease: a delete counts them as they are.
   */
  writeReferencing<T>(
    profile: NormalizedProfile,
    write: (content: ProfileContent) => Promise<T>,
    current?: StoredProfile,
  ): Promise<T> {
    const stored = new Set(current ? companyRefs(current) : []);
    const added = referencedCompanies(profile).filter((ref) => !stored.has(ref));
    return this.leases.whileReferencing(added, async (deleting) =>
      write(await this.resolve(profile, new Map(), deleting)),
    );
  }

  /**
   * The content to store for a profile; a reference to an unknown company, or to one in
   * `deleting`, is a 422. `known` (reference → company id, e.g. what creating a page's companies
   * found) spares reading those references again; only the others are read. Writers call it
   * holding the references' leases (see {@link CompanyReferenceLeases}).
   */
  async resolve(
    profile: NormalizedProfile,
    known: ReadonlyMap<string, string>,
    deleting: ReadonlySet<string>,
  ): Promise<ProfileContent> {
    const all = referencedCompanies(profile);
    const refs = all.filter((ref) => !deleting.has(ref));
    const resolved = new Map<string, string>();
    for (const ref of refs) {
      const id = known.get(ref);
      if (id) resolved.set(ref, id);
    }
    const rest = refs.filter((ref) => !resolved.has(ref));
    if (rest.length > 0) {
      for (const [ref, id] of await this.companies.resolveRefs(rest)) resolved.set(ref, id);
    }
    const unknown = all.filter((ref) => !resolved.has(ref));
    if (unknown.length > 0) {
      const field =
        profile.currentCompany && unknown.includes(profile.currentCompany)
          ? 'currentCompany'
          : 'experiences';
      throw ProfilesErrors.unknownCompany(unknown, field);
    }
    return toContent(profile, resolved);
  }
}
