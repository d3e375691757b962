// `npm run openapi`: writes the api's OpenAPI document to openapi.json (in the working
// directory, the repository root under npm), exactly as /docs-json serves it. The app is built
// but never started, so no MongoDB or Redis is needed: connections are lazy and the document
// comes from controller and DTO metadata alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, loadConfig } from '@scout/config';
import { createRootLogger } from '@scout/observability';
import { createApiApp } from './bootstrap';
import { buildOpenApiDocument, serializeOpenApiDocument } from './openapi';

async function main(): Promise<void> {
  // Settings of the test environment with unreachable services: the document depends on no
  // setting but the problem type base, which no environment changes.
  const env = {
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1:9/scout-openapi',
    REDIS_URL: 'redis://127.0.0.1:9/0',
  };
  const config = new AppConfig(loadConfig({ env, configDir: join(process.cwd(), 'config') }));
  const app = await createApiApp(config, createRootLogger(config));
  try {
    const document = buildOpenApiDocument(app, config.http.problemTypeBase);
    const file = join(process.cwd(), 'openapi.json');
    writeFileSync(file, serializeOpenApiDocument(document));
    console.log(`openapi: wrote ${file} (${Object.keys(document.paths).length} paths)`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
