import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

/** The generated types the client is typed by, committed next to it. */
const SCHEMA_FILE = path.join(__dirname, 'src', 'schema.ts');

const DOCUMENT_FILE = path.join(__dirname, '..', '..', 'openapi.json');

const HEADER = `/**
 * Scout's API as TypeScript types, generated from openapi.json by \`npm run client\`
 * (openapi-typescript). Do not edit: regenerate after every change to the contract.
 */

`;

/**
 * The text `schema.ts` must have for the committed `openapi.json`, formatted as the repository
 * formats code. `npm run client` writes it; with `--stdout` it is printed instead, which the
 * freshness test compares (a child process: openapi-typescript loads ES modules Jest cannot).
 */
export async function generateSchema(): Promise<string> {
  const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Parameters<
    typeof openapiTS
  >[0];
  // A property with a default may be left out of a request; the server fills it in.
  const ast = await openapiTS(document, { defaultNonNullable: false });
  const config = await resolveConfig(SCHEMA_FILE);
  return format(HEADER + astToString(ast), { ...config, filepath: SCHEMA_FILE });
}

if (require.main === module) {
  void generateSchema().then((text) => {
    if (process.argv.includes('--stdout')) {
      process.stdout.write(text);
      return;
    }
    writeFileSync(SCHEMA_FILE, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  });
}
