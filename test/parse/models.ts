// The known-models file, loaded and validated once for the parser tests.
import { readFileSync } from 'node:fs';
import { KnownModels } from '../../src/core/known-models.ts';

export const models = KnownModels.parse(JSON.parse(readFileSync(new URL('../../pricing/known-models.json', import.meta.url), 'utf8')));
