// The core pipeline, in process: parse → evaluate → render Block Kit, per query over the corpus,
// with the three stages timed separately so the bottleneck is visible. Plus the parser's time on
// 20 KB hostile input (issue 2) and, optionally, a CPU profile of the loop naming the hot functions.

import { Session } from 'node:inspector/promises';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { loadEmbeddedCatalog, loadKnownModels } from '../src/catalog/embedded.ts';
import { parseWorkload } from '../src/core/parse/index.ts';
import { evaluate } from '../src/core/engine/evaluate.ts';
import { reportMessage } from '../src/core/render/blocks.ts';
import type { CoreContext } from '../src/core/pipeline.ts';
import { CORPUS, HOSTILE_20KB } from './corpus.ts';
import { median, round, summarize, type Summary } from './stats.ts';

export interface PipelineOptions {
  warmupPasses: number;
  passes: number;
  hostileRuns: number;
  /** Stop measuring after this long even if passes remain (bounded on a busy machine). */
  budgetMs: number;
  profile: boolean;
}

export interface PipelineResult {
  corpusSize: number;
  kinds: Record<string, number>;
  passes: number;
  samples: number;
  perQueryMs: Summary;
  stageMs: { parse: Summary; evaluate: Summary; render: Summary };
  /** Share of the per-query median taken by each stage's median. */
  stageShare: { parse: number; evaluate: number; render: number };
  optionsPerReport: { median: number; max: number };
  slowest: { id: string; medianMs: number; evaluateMedianMs: number; options: number }[];
  hostile: { maxMedianMs: number; maxFirstMs: number; cases: { id: string; chars: number; firstMs: number; medianMs: number; ok: boolean }[] };
  profileTop?: { fn: string; selfPct: number }[];
  catalogLoadMs: number;
  /** The garbage collector during the measured passes: pauses by kind and their share of the loop's
   * time. Per-report caches kept in WeakMaps once made this 12% of the pipeline (old generation
   * growing between mark-compacts); a share well above the young-generation baseline flags it. */
  gc: { sharePct: number; scavenges: number; scavengeMs: number; majors: number; majorMs: number };
}

const RENDER_ID = 'bench0000000000000000';

export async function runPipeline(o: PipelineOptions): Promise<PipelineResult> {
  const t0 = performance.now();
  const ctx: CoreContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
  const catalogLoadMs = performance.now() - t0;

  // Check the corpus: every entry must yield a report, or the figures would mix in the error path.
  const options = new Map<string, number>();
  for (const c of CORPUS) {
    const p = parseWorkload(c.text, { models: ctx.models });
    if (!p.ok) throw new Error(`corpus entry ${c.id} does not parse: ${p.issues.map((i) => i.code).join(', ')}`);
    options.set(c.id, evaluate(p.value, ctx).options.length);
  }

  const once = (text: string) => {
    const a = performance.now();
    const p = parseWorkload(text, { models: ctx.models });
    const b = performance.now();
    if (!p.ok) throw new Error('corpus entry stopped parsing');
    const report = evaluate(p.value, ctx);
    const c = performance.now();
    const msg = reportMessage(report, { estimateId: RENDER_ID });
    const d = performance.now();
    if (msg.blocks.length === 0) throw new Error('empty render');
    return [b - a, c - b, d - c, d - a] as const;
  };

  for (let pass = 0; pass < o.warmupPasses; pass++) for (const c of CORPUS) once(c.text);

  const parse: number[] = [];
  const evalMs: number[] = [];
  const render: number[] = [];
  const total: number[] = [];
  const perEntry = new Map<string, { total: number[]; evaluate: number[] }>(CORPUS.map((c) => [c.id, { total: [], evaluate: [] }]));
  const gc = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      // 1 = scavenge (young generation); 2, 4, 8 = mark-sweep-compact, incremental marking, weak callbacks.
      if (kind === 1) {
        gc.scavenges++;
        gc.scavengeMs += e.duration;
      } else {
        gc.majors++;
        gc.majorMs += e.duration;
      }
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const loopStart = performance.now();
  const deadline = performance.now() + o.budgetMs;
  let passes = 0;
  for (; passes < o.passes && (passes === 0 || performance.now() < deadline); passes++) {
    // Vary the order per pass so no entry always follows the same one.
    const order = CORPUS.map((c, i) => ({ c, k: (i * 7919 + passes * 104729) % 1009 })).sort((x, y) => x.k - y.k);
    for (const { c } of order) {
      const [p, e, r, t] = once(c.text);
      parse.push(p);
      evalMs.push(e);
      render.push(r);
      total.push(t);
      const s = perEntry.get(c.id)!;
      s.total.push(t);
      s.evaluate.push(e);
    }
  }

  const loopMs = performance.now() - loopStart;
  // GC entries are delivered asynchronously: let the last ones arrive before reading the totals.
  await new Promise((r) => setTimeout(r, 20));
  gcObserver.disconnect();
  const kinds: Record<string, number> = {};
  for (const c of CORPUS) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
  const perQuery = summarize(total, 4);
  const stage = { parse: summarize(parse, 4), evaluate: summarize(evalMs, 4), render: summarize(render, 4) };
  const optionCounts = [...options.values()];

  const result: PipelineResult = {
    corpusSize: CORPUS.length,
    kinds,
    passes,
    samples: total.length,
    perQueryMs: perQuery,
    stageMs: stage,
    stageShare: {
      parse: round(stage.parse.median / perQuery.median, 3),
      evaluate: round(stage.evaluate.median / perQuery.median, 3),
      render: round(stage.render.median / perQuery.median, 3),
    },
    optionsPerReport: { median: median(optionCounts), max: Math.max(...optionCounts) },
    slowest: [...perEntry]
      .map(([id, s]) => ({ id, medianMs: round(median(s.total), 3), evaluateMedianMs: round(median(s.evaluate), 3), options: options.get(id) ?? 0 }))
      .sort((a, b) => b.medianMs - a.medianMs)
      .slice(0, 5),
    hostile: hostile(ctx, o.hostileRuns),
    catalogLoadMs: round(catalogLoadMs, 1),
    gc: { sharePct: round(((gc.scavengeMs + gc.majorMs) / loopMs) * 100, 1), scavenges: gc.scavenges, scavengeMs: round(gc.scavengeMs, 1), majors: gc.majors, majorMs: round(gc.majorMs, 1) },
  };
  if (o.profile) result.profileTop = await profile(() => {
    for (let pass = 0; pass < 3; pass++) for (const c of CORPUS) once(c.text);
  });
  return result;
}

function hostile(ctx: CoreContext, runs: number): PipelineResult['hostile'] {
  const cases = HOSTILE_20KB.map((h) => {
    const a = performance.now();
    const first = parseWorkload(h.text, { models: ctx.models });
    const firstMs = performance.now() - a;
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      parseWorkload(h.text, { models: ctx.models });
      xs.push(performance.now() - s);
    }
    return { id: h.id, chars: h.text.length, firstMs: round(firstMs, 2), medianMs: round(median(xs), 2), ok: first.ok };
  });
  return { maxMedianMs: Math.max(...cases.map((c) => c.medianMs)), maxFirstMs: Math.max(...cases.map((c) => c.firstMs)), cases };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time by function while `work` runs, top entries, via the inspector's sampling profiler. */
async function profile(work: () => void): Promise<{ fn: string; selfPct: number }[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    work();
    const { profile: p } = (await session.post('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const byNode = new Map<number, number>();
    p.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
    const byFn = new Map<string, number>();
    let all = 0;
    for (const n of p.nodes) {
      // The profiler's own frames and idle time are not the pipeline's.
      if (n.callFrame.url.startsWith('node:inspector') || n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
      const t = byNode.get(n.id) ?? 0;
      all += t;
      const file = n.callFrame.url.replace(/^.*?\/(src|node_modules|bench)\//, '$1/');
      const key = `${n.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
      byFn.set(key, (byFn.get(key) ?? 0) + t);
    }
    return [...byFn]
      .filter(([k]) => k !== '(program)' && k !== '(idle)' && !k.includes('node:inspector'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([fn, t]) => ({ fn, selfPct: round((100 * t) / all, 1) }));
  } finally {
    session.disconnect();
  }
}
