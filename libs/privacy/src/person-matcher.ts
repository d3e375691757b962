import { escapeRegex } from '@scout/common';
import type { ErasureSubject } from './privacy.types';

/**
 * Decides whether a piece of stored text mentions the person: the profile id or a URL anywhere,
 * the publicId only as a whole JSON string (`"ann-lee"`), a whole key segment (`:ann-lee`) or a
 * `/in/` path segment — never as part of a longer word, so a publicId like `engineer` does not
 * match someone else's headline.
 */
export class PersonMatcher {
  private readonly pattern: RegExp;

  constructor(subject: ErasureSubject, extra: readonly string[] = []) {
    const id = escapeRegex(subject.publicId);
    const alternatives = [
      `"${id}"`,
      `/in/${id}(?![a-z0-9-])`,
      `(?<![a-z0-9-])${id}(?![a-z0-9-])(?=[:"|]|$)`,
      ...subject.urls.map(escapeRegex),
      ...[subject.profileId, ...extra].filter((value): value is string => !!value).map(escapeRegex),
    ];
    this.pattern = new RegExp(alternatives.join('|'));
  }

  matches(text: string | Buffer | null | undefined): boolean {
    if (text === null || text === undefined) return false;
    return this.pattern.test(typeof text === 'string' ? text : text.toString('utf8'));
  }
}
