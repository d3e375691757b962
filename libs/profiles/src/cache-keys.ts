/**
 * Every cache key of the profiles domain, in one place, so readers and writers (which must
 * invalidate) can never disagree on a key.
 */
export const CacheKeys = {
  profileById: (id: string) => `profile:id:${id}`,
  profileByPublicId: (publicId: string) => `profile:pid:${publicId}`,
  companyById: (id: string) => `company:id:${id}`,
  companyByPublicId: (publicId: string) => `company:pid:${publicId}`,

  /** All keys under which a profile may be cached, including an ObjectId-shaped publicId. */
  forProfile(id: string, publicId: string): string[] {
    const keys = [this.profileById(id), this.profileByPublicId(publicId)];
    if (OBJECT_ID.test(publicId)) keys.push(this.profileById(publicId));
    return keys;
  },

  /** All keys under which a company may be cached. */
  forCompany(id: string, publicId: string): string[] {
    const keys = [this.companyById(id), this.companyByPublicId(publicId)];
    if (OBJECT_ID.test(publicId)) keys.push(this.companyById(publicId));
    return keys;
  },
};

/** A 24-hex-digit ObjectId. */
export const OBJECT_ID = /^[0-9a-f]{24}$/;
