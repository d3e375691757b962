import { ProfilesErrors } from './profiles.errors';

/** A person as a write path names them: the publicId, and the profile URL when it has one. */
export interface PersonRef {
  publicId: string;
  url?: string;
}

/**
 * The "never collect me again" port: every path that would store a person (create, batch,
 * scrape request, scrape landing, re-scrape scheduler) asks it first. Bound by `@scout/privacy`
 * to its suppression list; the profiles and scraping libs only know this class.
 */
export abstract class SuppressionCheck {
  /** For each person, in order, whether Scout must not collect them. */
  abstract suppressed(people: readonly PersonRef[]): Promise<boolean[]>;

  /** Refuses a suppressed person with 409 SUPPRESSED (the detail names nobody). */
  async assertAllowed(person: PersonRef): Promise<void> {
    const [suppressed] = await this.suppressed([person]);
    if (suppressed) throw ProfilesErrors.suppressed();
  }
}
