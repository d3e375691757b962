export {
  createScoutClient,
  type PagedPath,
  type PageItem,
  type PagesParams,
  type ScoutClient,
  type ScoutClientOptions,
} from './client';
export { type FieldError, type ProblemDetails, ScoutProblemError } from './problem';
export type { components, operations, paths } from './schema';
