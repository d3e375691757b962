import { createHash } from 'node:crypto';
import { RULES, SIZE_RANGES } from '@scout/profiles';

/**
 * Value cleaning shared by the JSON-LD and the HTML readers, so both paths turn the same page
 * into the same values (and the same content hash).
 */

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end).trimEnd();
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** One-line text: NFC, control characters dropped, whitespace collapsed, trimmed, cut. */
export function cleanText(value: unknown, max: number): string | undefined {
  const raw = asString(value);
  if (raw === undefined) return undefined;
  const text = raw.normalize('NFC').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : cut(text, max);
}

/** Text that may keep paragraphs: lines cleaned one by one, at most one blank line between. */
export function cleanMultiline(value: unknown, max: number): string | undefined {
  const raw = asString(value);
  if (raw === undefined) return undefined;
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? undefined : cut(text, max);
}

/** Upper-case ISO 3166-1 alpha-2, or undefined (full country names are not guessed). */
export function normalizeCountry(value: unknown): string | undefined {
  const text = cleanText(value, 10);
  if (!text || !/^[A-Za-z]{2}$/.test(text)) return undefined;
  const code = text.toUpperCase();
  return code === 'UK' ? 'GB' : code;
}

const inYearRange = (year: number): boolean => year >= 1900 && year <= 2100;

/** `YYYY` or `YYYY-MM` from `YYYY`, `YYYY-M(M)`, ISO dates and date-times; else undefined. */
export function normalizeYearMonth(value: unknown): string | undefined {
  const text = cleanText(value, 40);
  if (!text) return undefined;
  const match = /^(\d{4})(?:-(\d{1,2})(?:-\d{1,2}(?:[T ].*)?)?)?$/.exec(text);
  if (!match || !inYearRange(Number(match[1]))) return undefined;
  if (match[2] === undefined) return match[1];
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  const result = `${match[1]}-${String(month).padStart(2, '0')}`;
  return RULES.yearMonth.test(result) ? result : undefined;
}

/** A year 1900..2100 from a year or a date. */
export function normalizeYear(value: unknown): number | undefined {
  const date = normalizeYearMonth(value);
  return date === undefined ? undefined : Number(date.slice(0, 4));
}

const RANGE_BOUNDS = SIZE_RANGES.map((range) => {
  const [min, max] = range.replace('+', '').split('-').map(Number);
  return { range, min, max: max ?? Number.POSITIVE_INFINITY };
});

/** The `SIZE_RANGES` bucket holding a head count. */
function bucketOf(count: number): string | undefined {
  if (!Number.isFinite(count) || count < 1) return undefined;
  return RANGE_BOUNDS.find(({ min, max }) => count >= min && count <= max)?.range;
}

/**
 * One of `SIZE_RANGES` from `"51-200"`, `"51–200 employees"`, `"10,001+"`, a head count, or a
 * schema.org `QuantitativeValue` ({ minValue, maxValue } or { value }).
 */
export function normalizeSizeRange(value: unknown): string | undefined {
  if (typeof value === 'number') return bucketOf(value);
  if (typeof value === 'string') {
    const text = value
      .toLowerCase()
      .replace(/employees?|people|staff/g, '')
      .replace(/[,\s]/g, '')
      .replace(/[\u2010-\u2015]/g, '-');
    if ((SIZE_RANGES as readonly string[]).includes(text)) return text;
    return /^\d+$/.test(text) ? bucketOf(Number(text)) : undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { minValue, maxValue, value: count } = value as Record<string, unknown>;
    const min = Number(minValue);
    if (minValue !== undefined && Number.isInteger(min)) {
      const label = maxValue === undefined ? `${min}+` : `${min}-${Number(maxValue)}`;
      if ((SIZE_RANGES as readonly string[]).includes(label)) return label;
    }
    if (count !== undefined) return bucketOf(Number(count));
  }
  return undefined;
}

/** An absolute http(s) URL without user info, as written; else undefined. */
export function normalizeWebUrl(value: unknown): string | undefined {
  const text = cleanText(value, RULES.url.max);
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

/**
 * A company publicId from its name: lower-case a-z0-9 and `-`, 3..100 characters. Accents are
 * folded (`Société` → `societe`); short names get `-company` (`3M` → `3m-company`); names with
 * no Latin letters or digits get a stable hash (`company-1a2b3c4d`).
 */
export function companySlug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  if (base === '') {
    return `company-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
  }
  return base.length < 3 ? `${base}-company` : base;
}

/** JSON with object keys sorted at every level and undefined left out: equal data, equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => stableStringify(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256, base64url, of the stable JSON of a value. */
export function hashContent(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('base64url');
}
