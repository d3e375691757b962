import type { NormalizedProfile } from './profile.normalizer';
import type { ScrapeStatus } from './profile.rules';

/**
 * What is stored for a profile's content: the normalized profile with its company references
 * resolved to company ids, and what is derived from it (search terms, content hash).
 */
export type ProfileContent = NormalizedProfile & {
  searchTerms: string[];
  contentHash: string;
};

/** Scraping bookkeeping of a stored profile. */
export interface ScrapeState {
  status: ScrapeStatus;
  lastScrapedAt?: Date;
  lastJobId?: string;
  contentHash?: string;
}

/** Lists a patch may clear (`null`), so a stored profile may lack them. */
type ClearableList = 'experiences' | 'education' | 'skills' | 'searchTerms';

/**
 * A profile as the repository returns it: plain values (ids as hex strings), with its version,
 * timestamps and scrape state. Services read and diff it; views are made from it.
 */
export type StoredProfile = Omit<ProfileContent, ClearableList> &
  Partial<Pick<ProfileContent, ClearableList>> & {
    id: string;
    scrape?: ScrapeState;
    version: number;
    createdAt: Date;
    updatedAt: Date;
  };

/** Content changes of one update: `null` clears an optional field. */
export type ContentChanges = { [K in keyof ProfileContent]?: ProfileContent[K] | null };
