import type { ReplayResult } from '@scout/scraping';

/** What `scrape-jobs replay` prints: counts, then each skipped job with why. */
export function formatReplay(result: ReplayResult, json: boolean): string {
  if (json) return JSON.stringify(result);
  const lines = [
    `Matched ${result.matched} job(s); queued ${result.replayed.length} again, skipped ${result.skipped.length}.`,
  ];
  for (const id of result.replayed) lines.push(`  queued   ${id}`);
  for (const { id, reason } of result.skipped) lines.push(`  skipped  ${id}  ${reason}`);
  return lines.join('\n');
}
