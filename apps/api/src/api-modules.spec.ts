import 'reflect-metadata';
import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import pino from 'pino';
import type { AppConfig } from '@scout/config';
import { ResilienceModule } from '@scout/resilience';
import { ScraperModule } from '@scout/scraper';
import { ScrapingModule } from '@scout/scraping';
import { WebhooksModule } from '@scout/webhooks';
import { ApiModule } from './api.module';

type Imported = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** Every Nest module a root imports, directly or through the modules it imports. */
function modulesOf(root: DynamicModule): Set<Type> {
  const seen = new Set<Type>();
  const visit = (entry: Imported): void => {
    if (entry instanceof Promise || 'forwardRef' in entry) return;
    const type = 'module' in entry ? entry.module : entry;
    const dynamicImports = 'module' in entry ? (entry.imports ?? []) : [];
    if (seen.has(type)) return;
    seen.add(type);
    const imports = (Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []) as Imported[];
    for (const child of [...imports, ...dynamicImports]) visit(child);
  };
  visit(root);
  return seen;
}

// The roots only hand these on to providers, so placeholders are enough to read the graph.
const config = {} as AppConfig;
const logger = pino({ enabled: false });

/**
 * What the api boots, at the module level: neither the page fetcher nor any outbound policy.
 * (`import-graph.spec.ts` checks the same at file level: the api does not even load that code.)
 */
describe('the modules the api boots', () => {
  it('gives the api no scraper and no resilience module', () => {
    const modules = modulesOf(ApiModule.forRoot(config, logger));
    // Found through the feature modules, so the walk does follow imports.
    expect(modules).toContain(ScrapingModule);
    expect(modules).toContain(WebhooksModule);
    expect(modules).not.toContain(ScraperModule);
    expect(modules).not.toContain(ResilienceModule);
  });
});
