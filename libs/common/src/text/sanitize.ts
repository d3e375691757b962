// Control characters except tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const TAGS = /<\/?[a-zA-Z][^<>]*>|<!--[\s\S]*?-->/g;

/**
 * Cleans free text before it is stored: HTML tags and control characters removed, Unicode in
 * NFC (so the same name typed two ways compares equal), surrounding white space trimmed.
 * Profiles are rendered by other tools; storing markup would make each of them an XSS risk.
 */
export function sanitizeText(value: string): string {
  return value.normalize('NFC').replace(TAGS, '').replace(CONTROL_CHARS, '').trim();
}

/**
 * Splits text into lower-case ASCII-folded word tokens (accents dropped, punctuation as
 * separators). Used for both stored search terms and queries, so they always agree.
 */
export function searchTokens(value: string): string[] {
  const folded = value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

/** Escapes a string for literal use inside a regular expression. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
