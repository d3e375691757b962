// The sections of docs/benchmarks.md that one part rewrites on its own (growth, soak, scale):
// each sits between its two markers, and the rest of the file is left as it is.
import fs from 'node:fs';

import { format, resolveConfig } from 'prettier';

/**
 * Replaces the text between `start` and `end` in `file` with `section` (which carries the markers
 * itself), or appends `section` when the markers are missing; the result goes through Prettier
 * with the repo's settings, so `npm run lint` stays clean.
 */
export async function writeSection(
  file: string,
  markers: { start: string; end: string },
  section: string,
): Promise<void> {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  const options = (await resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await format(next, { ...options, filepath: file }));
}

/** The run a section comes from, for its header. */
export interface SectionRun {
  command: string;
  commit: string;
  server: string;
  cpus: number;
  loadAtStart: number[];
}

/** "Generated <time> at commit `<sha>` by:" and the command, as every section opens. */
export function generatedBy(commit: string, command: string): string[] {
  return [
    `Generated ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} at commit \`${commit}\` by:`,
    '',
    '```sh',
    command,
    '```',
  ];
}
