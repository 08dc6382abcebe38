// Serving-stack words: the runtime ("pytorch", "eager", "ONNX", "TensorRT", "Triton", "TEI",
// "vLLM", "TGI"), batching ("no batching", "batch size 1", "dynamic batching", "max batch 16").
// They change the production serving baseline the engine assumes (pricing/serving-baselines.json).
// Also image-generation settings: denoising steps ("20 steps") and resolution ("512x512", "1024px").
import type { Extractor, Fact } from './facts.ts';
import { NUM, alt, re } from './regex.ts';
import { scan, spanOf } from './text.ts';
import { SERVING_STACKS } from './vocabulary.ts';

const STACK = re(`(?<![\\w.-])(${alt(Object.keys(SERVING_STACKS))})(?![\\w-])`);
const NO_BATCH = re(`(?<![\\w-])(?:no|without|not using|disable[ds]?)[\\s-]+(?:dynamic[\\s-]+|any[\\s-]+)?batch(?:ing|es)?\\b|\\bunbatched\\b|\\b(?:batch[\\s_-]*size|bs)[\\s]*(?:of|=|:)?[\\s]*(?:1|one)(?![\\w.])|\\bone request at a time\\b`, [['batch', 'bs', 'request']]);
const MAX_BATCH = re(`\\b(?:max(?:imum)?[\\s_-]*batch(?:[\\s_-]*size)?|batch[\\s_-]*size|batches of|batch of)[\\s]*(?:of|=|:|up to)?[\\s]*(${NUM})(?![\\w.])`, [['batch']]);
const BATCHING = re(`(?<![\\w-])(dynamic|continuous|in-flight|inflight)[\\s-]+batching\\b`, [['batching']]);

export const extractServing: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(NO_BATCH, masked)) out.push({ type: 'serving', dynamicBatching: false, maxBatch: 1, span: spanOf(text, h.start, h.end) });
  for (const h of scan(MAX_BATCH, masked)) {
    const n = Number((h.groups[0] ?? '').replace(/,/g, ''));
    if (!Number.isInteger(n) || n < 1 || n > 4096) continue;
    // "batch size 1" was read above as no batching.
    if (n === 1 && out.some((f) => f.span.start <= h.start && f.span.end >= h.start)) continue;
    out.push(n === 1 ? { type: 'serving', dynamicBatching: false, maxBatch: 1, span: spanOf(text, h.start, h.end) } : { type: 'serving', dynamicBatching: true, maxBatch: n, span: spanOf(text, h.start, h.end) });
  }
  for (const h of scan(BATCHING, masked)) {
    const before = masked.slice(Math.max(0, h.start - 12), h.start);
    if (/\b(?:no|not|without)\s*$/i.test(before)) continue;
    out.push({ type: 'serving', dynamicBatching: true, span: spanOf(text, h.start, h.end) });
  }
  for (const h of scan(STACK, masked)) {
    const key = (h.groups[0] ?? '').toLowerCase().replace(/[\s_-]+/g, ' ');
    const stack = SERVING_STACKS[key] ?? Object.entries(SERVING_STACKS).find(([k]) => k.replace(/[\s_-]+/g, '') === key.replace(/\s+/g, ''))?.[1];
    if (!stack) continue;
    out.push({ type: 'serving', stack: stack.name, runtime: stack.runtime, ...(stack.batching ? { dynamicBatching: true } : {}), span: spanOf(text, h.start, h.end) });
  }
  // Overlapping phrases ("batch size 1" inside "max batch size 16") keep the longest.
  return out.filter((f, i) => !out.some((g, j) => j !== i && g.span.start <= f.span.start && g.span.end >= f.span.end && g.span.end - g.span.start > f.span.end - f.span.start));
};

// Speech decoding: "beam 5", "beam size 5", "beam_size=5", "beam search with 5 beams", "5 beams",
// "greedy decoding" (one beam).
const BEAM = re(`\\bbeam(?:[\\s_-]*(?:size|width|search|count))?[\\s]*(?:of|=|:|with)?[\\s]*(\\d{1,2})(?![\\w.])|(?<![\\w.,-])(\\d{1,2})[\\s-]*beams?\\b|\\b(greedy)(?:[\\s-]+(?:decoding|search|decode))?\\b`, [['beam', 'greedy']]);

/** Beams a speech decoder keeps: "beam 5", "5 beams", "greedy decoding" (one). */
export const extractBeam: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(BEAM, masked)) {
    const beams = h.groups[2] ? 1 : Number(h.groups[0] ?? h.groups[1]);
    if (Number.isInteger(beams) && beams >= 1 && beams <= 16) out.push({ type: 'beam', beams, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

const STEPS = re(`(?<![\\w.,-])(\\d{1,4})[\\s-]*(?:denoising[\\s-]+|inference[\\s-]+|sampling[\\s-]+)?steps?\\b`, [['step']]);
const RESOLUTION = re(`(?<![\\w.,-])(\\d{3,4})[\\s]*[x×][\\s]*(\\d{3,4})(?![\\w.])|(?<![\\w.,-])(\\d{3,4})[\\s]*px\\b`, [['x', '×']]);

export const extractImage: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(STEPS, masked)) {
    const n = Number(h.groups[0]);
    if (n >= 1 && n <= 1000) out.push({ type: 'image', steps: n, span: spanOf(text, h.start, h.end) });
  }
  for (const h of scan(RESOLUTION, masked)) {
    const width = Number(h.groups[0] ?? h.groups[2]);
    const height = Number(h.groups[1] ?? h.groups[2]);
    if (width >= 64 && width <= 8192 && height >= 64 && height <= 8192) out.push({ type: 'image', width, height, span: spanOf(text, h.start, h.end) });
  }
  return out;
};

const AUDIO = re(`(?<![\\w.,-])(\\d{1,5}(?:\\.\\d{1,3})?)[\\s-]*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)[\\s-]+(?:long[\\s-]+)?(?:(?:audio|voice|speech)[\\s-]+)?(?:clips?|recordings?|calls?|files?|segments?|of[\\s]+(?:audio|speech))\\b`, [
  ['clip', 'recording', 'call', 'file', 'segment', 'audio', 'speech'],
]);

/** Seconds of audio per request: "30 s clips", "5-minute calls", "1 hour recordings". */
export const extractAudio: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(AUDIO, masked)) {
    const n = Number(h.groups[0]);
    const unit = (h.groups[1] ?? 's').toLowerCase();
    const seconds = n * (unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1);
    if (seconds > 0 && seconds <= 36_000) out.push({ type: 'audio', seconds, span: spanOf(text, h.start, h.end) });
  }
  return out;
};
