import { applyDecorators } from '@nestjs/common';
import { Matches, MaxLength } from 'class-validator';
import { RULES } from '@scout/profiles';

/** A profile or company as a path or a reference names it: an ObjectId or a publicId. */
export const RESOURCE_REF = /^([0-9a-f]{24}|[a-z0-9][a-z0-9-]{2,99})$/;
/** A scrape job id: an ObjectId. */
export const JOB_ID = /^[0-9a-f]{24}$/;
/**
 * An absolute http(s) URL: a DNS name with a top-level domain or an IPv4 address, an optional
 * port, then printable ASCII. A pattern rather than `@IsUrl`, so the document can state it.
 */
export const HTTP_URL =
  /^https?:\/\/(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d))(?::\d{1,5})?(?:[/?#][\x21-\x7e]*)?$/;

/** The rules of every URL field. */
export const HttpUrlRules = (): PropertyDecorator =>
  applyDecorators(
    Matches(HTTP_URL, { message: '$property must be an absolute http(s) URL' }),
    MaxLength(RULES.url.max),
  );
