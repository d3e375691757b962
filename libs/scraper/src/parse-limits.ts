import { FailureKind, ScrapeError } from './scrape-error';

/**
 * What reading one scraped page may cost. The byte cap bounds the input; these bound the work
 * a hostile page can ask of the parser within those bytes (deep nesting, huge graphs, many
 * scripts, slow markup), so one page cannot stall or crash a worker.
 */
export interface ParseLimits {
  /** Markup nesting depth (elements that stay open) beyond which the page is refused unparsed. */
  htmlMaxDepth: number;
  /** JSON-LD nesting depth (objects and arrays) beyond which the page is refused. */
  jsonLdMaxDepth: number;
  /** JSON-LD values (objects, arrays and scalars, all scripts together) read per page. */
  jsonLdMaxNodes: number;
  /** JSON-LD scripts read per page. */
  jsonLdMaxBlocks: number;
  /** Time one page's parse may take, checked between its steps. */
  budgetMs: number;
}

/** The limits config/default.yaml ships, for callers without settings (benchmarks, tools). */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = {
  htmlMaxDepth: 1_000,
  jsonLdMaxDepth: 32,
  jsonLdMaxNodes: 20_000,
  jsonLdMaxBlocks: 20,
  budgetMs: 1_000,
};

/** A page over one of its limits: PARSE_ERROR, final (the same page would fail again). */
export function pageRefused(detail: string): ScrapeError {
  return new ScrapeError(FailureKind.ParseError, `page refused: ${detail}`);
}

/**
 * The time budget of one page's parse. A parse step cannot be interrupted, so the clock is read
 * between steps: a page is refused at the first check after its budget ran out, and the byte
 * cap bounds how long any single step can take.
 */
export class ParseBudget {
  private readonly deadline: number;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + budgetMs;
  }

  /** Throws PARSE_ERROR when the budget is spent; `step` names where, for the job's error. */
  check(step: string): void {
    if (this.now() > this.deadline) {
      throw pageRefused(`parsing took longer than ${this.budgetMs} ms (at ${step})`);
    }
  }
}

const words = (list: string): Set<string> => new Set(list.split(' '));
/** Elements that never hold others. */
const VOID_ELEMENTS = words(
  'area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr',
);
/** Elements a sibling or parent end closes implicitly: left open, they do not nest. */
const IMPLIED_END = words(
  'caption colgroup dd dt li optgroup option p rb rp rt rtc tbody td tfoot th thead tr',
);
/** Elements whose content is text up to their own end tag, never markup. */
const RAW_TEXT = words('iframe noembed noframes noscript script style textarea title xmp');

/**
 * Whether markup nests elements deeper than `max`, by a linear scan of its tags before it is
 * parsed: the HTML parser's cost grows faster than linearly with depth (a page of 100,000
 * nested elements takes minutes), and reading a deep tree exhausts the stack. The scan follows
 * the parser where that matters: end tags close up to their open element, unmatched ones are
 * ignored, void and implicitly closed elements do not count, comments and raw text (scripts,
 * styles) hold no tags, and `/>` closes only inside SVG or MathML. It errs towards counting
 * more, never fewer.
 */
export function markupNestsDeeperThan(html: string, max: number): boolean {
  const open: string[] = [];
  const openCount = new Map<string, number>();
  const popTo = (name: string): void => {
    for (let top = open.pop(); top !== undefined; top = open.pop()) {
      openCount.set(top, (openCount.get(top) ?? 1) - 1);
      if (top === name) return;
    }
  };
  const foreign = (): boolean => (openCount.get('svg') ?? 0) + (openCount.get('math') ?? 0) > 0;
  const lower = html.toLowerCase();
  for (let at = lower.indexOf('<'); at !== -1; at = lower.indexOf('<', at)) {
    at += 1;
    if (lower.startsWith('!--', at)) {
      at = commentEnd(lower, at + 3);
      continue;
    }
    const tag = readTag(lower, at);
    if (tag === undefined) continue;
    if (tag.end === -1) return false; // the input ends inside a tag, which the parser drops
    at = tag.end;
    const { name } = tag;
    if (tag.closing) {
      if ((openCount.get(name) ?? 0) > 0) popTo(name);
      continue;
    }
    if (name === 'plaintext') return false;
    if (VOID_ELEMENTS.has(name) || IMPLIED_END.has(name) || (tag.selfClosing && foreign())) {
      continue;
    }
    if (RAW_TEXT.has(name)) {
      at = lower.indexOf(`</${name}`, at);
      if (at === -1) return false;
      continue;
    }
    open.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    if (open.length > max) return true;
  }
  return false;
}

/** One tag read from just after its `<`: undefined when none starts there. */
interface ScannedTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Just past the tag's `>`; -1 when the input ends first. */
  end: number;
}

const isLetter = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
const isSpace = (code: number): boolean =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;

/** Reads a start or end tag as the HTML tokenizer does: quoted attribute values may hold `>`. */
function readTag(html: string, from: number): ScannedTag | undefined {
  let at = from;
  const closing = html.charCodeAt(at) === 0x2f;
  if (closing) at += 1;
  if (!isLetter(html.charCodeAt(at))) return undefined;
  const nameStart = at;
  while (at < html.length) {
    const code = html.charCodeAt(at);
    if (isSpace(code) || code === 0x2f || code === 0x3e) break;
    at += 1;
  }
  const name = html.slice(nameStart, at);
  let quote = 0;
  let afterEquals = false;
  for (; at < html.length; at += 1) {
    const code = html.charCodeAt(at);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x3e) {
      return { name, closing, selfClosing: html.charCodeAt(at - 1) === 0x2f, end: at + 1 };
    } else if (afterEquals && (code === 0x22 || code === 0x27)) {
      quote = code;
      afterEquals = false;
    } else if (code === 0x3d) {
      afterEquals = true;
    } else if (!isSpace(code)) {
      afterEquals = false;
    }
  }
  return { name, closing, selfClosing: false, end: -1 };
}

/** Where a comment whose text starts at `from` ends, as the HTML tokenizer ends it. */
function commentEnd(html: string, from: number): number {
  if (html.startsWith('>', from)) return from + 1;
  if (html.startsWith('->', from)) return from + 2;
  for (let at = html.indexOf('--', from); at !== -1; at = html.indexOf('--', at + 1)) {
    if (html.startsWith('>', at + 2)) return at + 3;
    if (html.startsWith('!>', at + 2)) return at + 4;
  }
  return html.length;
}
