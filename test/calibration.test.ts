// The capacity model against published serving measurements (pricing/calibration.json): every point
// predicted within 0.6–1.7×, each with its source, and docs/calibration.md generated from the same code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog, loadKnownModels } from '../src/catalog/embedded.ts';
import { CALIBRATION_BAND, CalibrationData, calibrate, calibrationMarkdown } from '../src/core/engine/calibration.ts';

const data = CalibrationData.parse(JSON.parse(readFileSync(new URL('../pricing/calibration.json', import.meta.url), 'utf8')));
const rows = calibrate(data.points, loadEmbeddedCatalog(), loadKnownModels());

describe('calibration against published measurements', () => {
  it('has at least 20 points, each with a source, covering LLMs (latency, offline and at a latency bound), encoders, vision, CPU, Inferentia and diffusion', () => {
    expect(data.points.length).toBeGreaterThanOrEqual(20);
    expect(new Set(data.points.map((p) => p.id)).size).toBe(data.points.length);
    for (const p of data.points) expect(p.source).toMatch(/^https:\/\//);
    const metrics = new Set(data.points.map((p) => p.metric));
    for (const m of ['gpu-batch-ms', 'gpu-server-rps', 'cpu-rps', 'llm-ttft-ms', 'llm-e2e-ms', 'llm-offline-tok-s', 'llm-server-rps']) expect(metrics).toContain(m);
  });

  for (const r of rows) {
    it(`${r.point.id}: predicted ${r.predicted.toPrecision(3)} vs published ${r.point.published} ${r.point.unit}`, () => {
      expect(r.ratio).toBeGreaterThanOrEqual(CALIBRATION_BAND.min);
      expect(r.ratio).toBeLessThanOrEqual(CALIBRATION_BAND.max);
    });
  }

  it('docs/calibration.md is the table the current model generates (npx node scripts/calibration-table.ts)', () => {
    const doc = readFileSync(new URL('../docs/calibration.md', import.meta.url), 'utf8');
    expect(doc).toBe(calibrationMarkdown(rows));
  });

  it('tensor parallelism at TP2 speeds a 7B request up by about what NeMo measured (1.36×), not 1.7×', () => {
    const tp1 = rows.find((r) => r.point.id === 'nemo-llama2-7b-a100-tp1')!.predicted;
    const tp2 = rows.find((r) => r.point.id === 'nemo-llama2-7b-a100-tp2')!.predicted;
    expect(tp1 / tp2).toBeGreaterThan(1.2);
    expect(tp1 / tp2).toBeLessThan(1.6);
  });
});
