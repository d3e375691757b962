import { Injectable } from '@nestjs/common';
import { ProfileQueries, type ProfileView } from '@scout/profiles';
import {
  type HistoryEntry,
  PersonalDataRepository,
  type ScrapeJobEntry,
} from './repositories/personal-data.repository';
import { SuppressionService } from './suppression.service';

/** The most history entries and scrape jobs one export carries. */
const EXPORT_LIMIT = 10_000;

/** Where one part of an export came from. */
export interface ExportSource {
  /** What it describes: `profile`, `history:<sequence>`, `scrape-job:<id>`. */
  record: string;
  /** How it got into Scout: a profile's source, an event type, a scrape job's status. */
  origin: string;
  /** The page it was read from, when it was scraped. */
  url?: string;
  /** Who caused it: `api-key:<id>`, `scrape-job:<id>`, `scheduler`. */
  actor?: string;
  at?: string;
}

/** Everything Scout holds about one person, in one document. */
export interface PersonExport {
  exportedAt: string;
  profile: ProfileView;
  history: HistoryEntry[];
  scrapeJobs: ScrapeJobEntry[];
  suppression: { suppressed: boolean };
  sources: ExportSource[];
}

/**
 * "Show me what you hold": the profile, its history (change events), its scrape jobs, its
 * suppression state and, for each part, where it came from.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly profiles: ProfileQueries,
    private readonly data: PersonalDataRepository,
    private readonly suppression: SuppressionService,
  ) {}

  async export(rawId: string): Promise<PersonExport> {
    const profile = await this.profiles.get(rawId);
    const subject = {
      profileId: profile.id,
      publicId: profile.publicId,
      urls: profile.url ? [profile.url] : [],
      scrapeJobIds: [],
    };
    const [history, scrapeJobs, [suppressed]] = await Promise.all([
      this.data.history(profile.id, EXPORT_LIMIT),
      this.data.scrapeJobs(subject, EXPORT_LIMIT),
      this.suppression.suppressed([{ publicId: profile.publicId, url: profile.url }]),
    ]);
    const lastJob = scrapeJobs.find((job) => job.id === profile.scrape.lastJobId);
    const sources: ExportSource[] = [
      {
        record: 'profile',
        origin: profile.source,
        url: lastJob?.target.url ?? profile.url,
        actor: profile.scrape.lastJobId ? `scrape-job:${profile.scrape.lastJobId}` : undefined,
        at: profile.scrape.lastScrapedAt ?? profile.updatedAt,
      },
      ...history.map((entry) => ({
        record: `history:${entry.sequence}`,
        origin: entry.type,
        actor: entry.actor,
        at: entry.occurredAt,
      })),
      ...scrapeJobs.map((job) => ({
        record: `scrape-job:${job.id}`,
        origin: job.status,
        url: job.target.url,
        actor: job.requestedBy,
        at: job.finishedAt ?? job.createdAt,
      })),
    ];
    return {
      exportedAt: new Date().toISOString(),
      profile,
      history,
      scrapeJobs,
      suppression: { suppressed: suppressed ?? false },
      sources,
    };
  }
}
