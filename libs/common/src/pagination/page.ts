/** Bounds of `limit` on every list endpoint. */
export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** One page of a cursor-paginated list, as every list endpoint returns it. */
export interface Page<T> {
  data: T[];
  page: { limit: number; nextCursor: string | null };
}
