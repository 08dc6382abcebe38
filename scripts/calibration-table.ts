// Writes docs/calibration.md: every published measurement in pricing/calibration.json next to the
// capacity model's prediction. Run: npx node scripts/calibration-table.ts (test/calibration.test.ts
// fails when the file is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadEmbeddedCatalog, loadKnownModels } from '../src/catalog/embedded.ts';
import { CalibrationData, calibrate, calibrationMarkdown } from '../src/core/engine/calibration.ts';

const data = CalibrationData.parse(JSON.parse(readFileSync(new URL('../pricing/calibration.json', import.meta.url), 'utf8')));
const rows = calibrate(data.points, loadEmbeddedCatalog(), loadKnownModels());
const out = new URL('../docs/calibration.md', import.meta.url);
writeFileSync(out, calibrationMarkdown(rows));
for (const r of rows) console.log(`${r.ratio.toFixed(2)}  ${r.point.id}  published ${r.point.published}  predicted ${r.predicted.toPrecision(4)}`);
