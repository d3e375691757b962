/**
 * The metric names a PromQL expression reads, for checking a dashboard against what Scout
 * exports. Strings, label matchers, range selectors and grouping clauses are removed first, so
 * what is left are function names (followed by `(`), keywords, numbers and metric names.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w:]|\s*\()/g)) {
    if (!KEYWORDS.has(match[0].toLowerCase())) names.add(match[0]);
  }
  return [...names];
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/** `# TYPE` lines of a `/metrics` body: every declared metric and its type, observed or not. */
export function declaredMetrics(text: string): Map<string, string> {
  const declared = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) declared.set(name, type);
  return declared;
}

const SERIES_SUFFIXES: ReadonlyArray<[string, string[]]> = [
  ['_bucket', ['histogram']],
  ['_sum', ['histogram', 'summary']],
  ['_count', ['histogram', 'summary']],
];

/**
 * The declared metric a queried series name belongs to: the name itself when declared, or the
 * histogram (summary) it is a `_bucket`/`_sum`/`_count` series of — only when that base really is
 * declared as one, so a gauge named `x_count` never passes for a histogram `x`.
 */
export function declaredMetricOf(
  name: string,
  declared: ReadonlyMap<string, string>,
): string | undefined {
  if (declared.has(name)) return name;
  for (const [suffix, types] of SERIES_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    if (types.includes(declared.get(base) ?? '')) return base;
  }
  return undefined;
}
