// `npm run schema`: regenerate schema/*.schema.json from the zod schemas (src/core/json-schemas.ts).
// Run it after changing the Report or the Workload; test/schema.test.ts fails until you do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemas, schemaText } from '../src/core/json-schemas.ts';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(name, dir), schemaText(schema));
  process.stdout.write(`wrote schema/${name}\n`);
}
