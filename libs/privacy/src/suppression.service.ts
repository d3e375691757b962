import { Injectable } from '@nestjs/common';
import { type PersonRef, SuppressionCheck } from '@scout/profiles';
import { PersonHasher } from './person-hasher';
import { PrivacyErrors } from './privacy.errors';
import { SuppressionRepository } from './repositories/suppression.repository';

/**
 * The suppression list ("never collect me again"): keyed hashes of erased people's publicIds and
 * URLs. Bound as the {@link SuppressionCheck} the profiles and scraping libs ask before storing
 * anyone.
 */
@Injectable()
export class SuppressionService extends SuppressionCheck {
  constructor(
    private readonly entries: SuppressionRepository,
    private readonly hasher: PersonHasher,
  ) {
    super();
  }

  async suppressed(people: readonly PersonRef[]): Promise<boolean[]> {
    if (people.length === 0) return [];
    const candidates = people.map((person) => [
      ...this.hasher.candidates('publicId', person.publicId),
      ...(person.url ? this.hasher.candidates('url', person.url) : []),
    ]);
    const listed = await this.entries.existing([...new Set(candidates.flat())]);
    return candidates.map((hashes) => hashes.some((hash) => listed.has(hash)));
  }

  /** Puts a person on the list; returns the entries' hashes (for the erasure receipt). */
  async suppress(publicId: string, urls: readonly string[], requestId: string): Promise<string[]> {
    const entries = [
      { hash: this.hasher.hash('publicId', publicId), kind: 'publicId' as const },
      ...urls.map((url) => ({ hash: this.hasher.hash('url', url), kind: 'url' as const })),
    ];
    const unique = entries.filter(
      (entry, index) => entries.findIndex((other) => other.hash === entry.hash) === index,
    );
    await this.entries.add(unique, requestId);
    return unique.map((entry) => entry.hash);
  }

  /** Lifts one entry: the person may be collected again (404 when there is no such entry). */
  async lift(hash: string): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(hash) || !(await this.entries.remove(hash))) {
      throw PrivacyErrors.suppressionNotFound();
    }
  }
}
