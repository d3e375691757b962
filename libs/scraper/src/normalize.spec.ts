import { RULES } from '@scout/profiles';
import {
  cleanMultiline,
  cleanText,
  companySlug,
  hashContent,
  normalizeCountry,
  normalizeSizeRange,
  normalizeWebUrl,
  normalizeYear,
  normalizeYearMonth,
  stableStringify,
} from './normalize';

describe('normalize', () => {
  it('cleans one-line text: whitespace, control characters, NFC, length', () => {
    expect(cleanText('  Ada \n\t Lovelace\u0007 ', 200)).toBe('Ada Lovelace');
    expect(cleanText('Cafe\u0301', 200)).toBe('Café');
    expect(cleanText('   ', 200)).toBeUndefined();
    expect(cleanText({ name: 'x' }, 200)).toBeUndefined();
    expect(cleanText(2019, 200)).toBe('2019');
    expect(cleanText('x'.repeat(500), 300)).toHaveLength(300);
    // Never half a surrogate pair.
    expect(cleanText(`${'x'.repeat(9)}😀`, 10)).toBe('x'.repeat(9));
  });

  it('keeps paragraphs in multi-line text', () => {
    expect(cleanMultiline(' One  line \r\n\r\n\r\n\r\n two ', 100)).toBe('One line\n\ntwo');
  });

  it('keeps only ISO-2 countries, upper-cased', () => {
    expect(normalizeCountry('de')).toBe('DE');
    expect(normalizeCountry(' US ')).toBe('US');
    expect(normalizeCountry('UK')).toBe('GB');
    expect(normalizeCountry('Germany')).toBeUndefined();
    expect(normalizeCountry('D3')).toBeUndefined();
    expect(normalizeCountry(undefined)).toBeUndefined();
  });

  it.each([
    ['2019', '2019'],
    ['2019-3', '2019-03'],
    ['2019-03', '2019-03'],
    ['2019-03-15', '2019-03'],
    ['2019-03-15T10:00:00Z', '2019-03'],
    [2019, '2019'],
    ['2019-13', undefined],
    ['2019-00', undefined],
    ['1850', undefined],
    ['Present', undefined],
    ['03/2019', undefined],
    ['', undefined],
  ])('reads the date %p as %p', (input, expected) => {
    expect(normalizeYearMonth(input)).toBe(expected);
    if (expected) expect(expected).toMatch(RULES.yearMonth);
  });

  it('reads years', () => {
    expect(normalizeYear('2014-09')).toBe(2014);
    expect(normalizeYear(2014)).toBe(2014);
    expect(normalizeYear('soon')).toBeUndefined();
  });

  it.each([
    ['51-200', '51-200'],
    ['51–200 employees', '51-200'],
    ['10,001+ employees', '10001+'],
    ['350', '201-500'],
    [7, '1-10'],
    [{ '@type': 'QuantitativeValue', minValue: 1001, maxValue: 5000 }, '1001-5000'],
    [{ minValue: 10001 }, '10001+'],
    [{ value: 42 }, '11-50'],
    [{ minValue: 3, maxValue: 7 }, undefined],
    ['lots', undefined],
    [0, undefined],
  ])('reads the size %p as %p', (input, expected) => {
    expect(normalizeSizeRange(input)).toBe(expected);
  });

  it('keeps only http(s) URLs without user info', () => {
    expect(normalizeWebUrl(' https://acme.example ')).toBe('https://acme.example');
    expect(normalizeWebUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeWebUrl('https://u:p@acme.example')).toBeUndefined();
    expect(normalizeWebUrl('acme.example')).toBeUndefined();
  });

  it.each([
    ['Acme Corporation', 'acme-corporation'],
    ['Société Générale', 'societe-generale'],
    ['City Power & Light', 'city-power-and-light'],
    ['3M', '3m-company'],
    ['X', 'x-company'],
    ['  --Hello,   World!--  ', 'hello-world'],
  ])('slugs the company %p as %p', (name, slug) => {
    expect(companySlug(name)).toBe(slug);
  });

  it('derives valid company publicIds from any name', () => {
    const nonLatin = companySlug('株式会社');
    expect(nonLatin).toMatch(/^company-[0-9a-f]{8}$/);
    expect(companySlug('株式会社')).toBe(nonLatin);
    expect(companySlug('株式会社 二')).not.toBe(nonLatin);
    for (const name of ['a'.repeat(300), `${'ab-'.repeat(40)}x`, '!!', 'Ünïcödé GmbH', '3M']) {
      expect(companySlug(name)).toMatch(RULES.publicId);
    }
  });

  it('serializes with sorted keys and without undefined, so equal data hashes equal', () => {
    expect(stableStringify({ b: 1, a: { d: [1, undefined], c: undefined } })).toBe(
      '{"a":{"d":[1,null]},"b":1}',
    );
    expect(hashContent({ a: 1, b: 2 })).toBe(hashContent({ b: 2, a: 1 }));
    expect(hashContent({ a: 1 })).not.toBe(hashContent({ a: 2 }));
    expect(hashContent({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
