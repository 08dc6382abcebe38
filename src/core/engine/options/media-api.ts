// Hosted speech and image APIs beside self-hosting, as the token APIs are for LLMs: Whisper-class
// transcription priced per audio minute or hour, diffusion priced per image. A speech request is one
// 30 s clip (the capacity model's unit for speech); an image request is one image. Matched by the
// exact weights when the model is named, else within the same model line (said so in the notes).
import type { MediaApiModel } from '../../catalog/schema.ts';
import type { KnownModel } from '../../known-models.ts';
import type { Option } from '../../report.ts';
import type { Load } from '../load.ts';
import { line } from '../money.ts';
import { group } from '../../numbers.ts';
import { type EvalContext, finish, latencyReason } from './common.ts';

/** Seconds of audio in one speech request (Whisper's 30 s window; the model profile uses the same). */
export const CLIP_SECONDS = 30;
/** Light-load latency × this at each percentile (as for the token APIs' time to first token). */
const TAIL: Record<number, number> = { 50: 1, 90: 1.6, 95: 2, 99: 3 };

export interface MediaMatch {
  row: MediaApiModel;
  by: 'weights' | 'size';
}

export function matchMediaApis(ctx: EvalContext, models: KnownModel[]): MediaMatch[] {
  const w = ctx.w;
  if (w.model.kind !== 'speech' && w.model.kind !== 'diffusion') return [];
  const known = w.model.knownId ? models.find((m) => m.id === w.model.knownId) : undefined;
  if (!known) return [];
  const weights = known.weightsId ?? known.id;
  const rows = ctx.catalog.mediaApis.models.filter((r) => r.kind === w.model.kind);
  const isExact = (r: MediaApiModel) => r.weightsId === weights || r.weightsId === known.id;
  const exact = rows.filter(isExact).map((row) => ({ row, by: 'weights' as const }));
  if (w.model.kind === 'diffusion' || !/^whisper/.test(known.id)) return exact;
  // Whisper of another size or release: the other hosted Whisper models, said plainly in the notes.
  return [...exact, ...rows.filter((r) => !isExact(r) && /^whisper/.test(r.weightsId)).map((row) => ({ row, by: 'size' as const }))];
}

export function mediaApiOption(match: MediaMatch, ctx: EvalContext, load: Load = ctx.load): Option {
  const { row, by } = match;
  const w = ctx.w;
  const R = load.requestsPerMonth;
  const p = row.price;
  const speech = row.kind === 'speech';
  const clip = w.audioSeconds ?? CLIP_SECONDS;
  const quantity = speech ? (R * clip) / (p.unit === 'audio hour' ? 3600 : 60) : R;
  const components = [line(`${row.providerName} ${speech ? `audio (${clip} s a request)` : 'images'}`, quantity, p.unit, p)];
  const latency = (row.typicalLatencyMs / 1000) * (TAIL[w.latency.percentile] ?? 2) * (row.kind === 'speech' ? Math.max(1, (w.audioSeconds ?? CLIP_SECONDS) / CLIP_SECONDS) : 1);
  const meets = w.asyncOk || latency <= w.latency.ms / 1000;
  const notes: string[] = [];
  if (by === 'size') notes.push(`not the same weights: ${row.model} is another Whisper size than ${w.model.name ?? 'yours'}; a fine-tuned model needs self-hosting`);
  notes.push(`latency: the provider's typical ${row.typicalLatencyMs} ms for one ${speech ? `${CLIP_SECONDS} s clip` : 'image'} × ${TAIL[w.latency.percentile] ?? 2} for p${w.latency.percentile}${speech && clip > CLIP_SECONDS ? ` × ${+(clip / CLIP_SECONDS).toFixed(2)} for ${clip} s of audio` : ''}`);
  if (row.note) notes.push(row.note);
  const option = finish(
    {
      id: `api-${row.provider}-${row.weightsId}`,
      name: `${row.providerName} ${row.model}`,
      kind: 'api',
      provider: row.provider,
      cloud: row.cloud,
      compute: 'gpu',
      hardware: `hosted (per ${speech ? p.unit : 'image'})`,
      instances: 0,
      fits: true,
      meetsLatency: meets,
      reasons: meets ? [] : [latencyReason(ctx, latency)],
      latencyS: latency,
      e2eS: latency,
      components,
      utilization: null,
      sizing: speech ? `${group(R)} requests × ${clip} s = ${group(quantity)} ${p.unit}s.` : `${group(R)} images.`,
      notes,
    },
    load,
  );
  return { ...option, matchedBy: by };
}
