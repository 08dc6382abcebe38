// The "Adjust assumptions" modal, prefilled from a Workload. Pure: the shell reads the submitted
// values back (src/slack/adjust-input.ts) using the same ADJUST_FIELD ids.

import type { Workload } from '../workload.ts';
import { CLOUDS, PERCENTILES, PRECISIONS } from '../workload.ts';
import type { Block, InputBlock, InputElement, ModalView, SelectOption } from './block-kit.ts';
import { plain, mrkdwn } from './block-kit.ts';
import { ADJUST_FIELD, ADJUST_FLAG, ANY_CLOUD, VIEW } from './slack-ids.ts';
import { fitView } from './slack-limits.ts';
import { formatParams } from './slack-format.ts';

const opt = (text: string, value: string): SelectOption => ({ text: plain(text), value });

const PRECISION_OPTIONS = PRECISIONS.map((p) => opt(p.toUpperCase(), p));
const PERCENTILE_OPTIONS = PERCENTILES.map((p) => opt(`p${p}`, String(p)));
const CLOUD_OPTIONS = [opt('Any cloud', ANY_CLOUD), ...CLOUDS.map((c) => opt(c.toUpperCase(), c))];
const FLAG_OPTIONS = [opt('CPU only', ADJUST_FLAG.cpuOnly), opt('Spot / preemptible instances are fine', ADJUST_FLAG.spotOk)];

/** How the model field shows a model: its name, or its size when only a size was given. */
export function modelFieldValue(w: Workload): string {
  if (w.model.name) return w.model.name;
  if (w.model.params !== null) return `${formatParams(w.model.params)} model`;
  return `${Math.round(w.model.sizeBytes / 1e9)} GB model`;
}

/** Numbers as plain decimal strings, without exponent notation or float noise. */
export function numberValue(n: number): string {
  return String(Number(n.toPrecision(12)));
}

function input(blockId: string, label: string, element: InputElement, extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label), element, ...extra };
}

function numberInput(actionId: string, value: number | null, decimals: boolean, min?: string, max?: string): InputElement {
  const el: InputElement = { type: 'number_input', action_id: actionId, is_decimal_allowed: decimals };
  if (value !== null) el.initial_value = numberValue(value);
  if (min !== undefined) el.min_value = min;
  if (max !== undefined) el.max_value = max;
  return el;
}

function select(actionId: string, options: SelectOption[], initial: string): InputElement {
  return { type: 'static_select', action_id: actionId, options, initial_option: options.find((o) => o.value === initial) ?? options[0]! };
}

export function adjustModal(w: Workload, privateMetadata: string): ModalView {
  const f = ADJUST_FIELD;
  const flags = [
    ...(w.computeConstraint === 'cpu' ? [FLAG_OPTIONS[0]!] : []),
    ...(w.spotOk ? [FLAG_OPTIONS[1]!] : []),
  ];
  const checkboxes: InputElement = { type: 'checkboxes', action_id: f.flags, options: FLAG_OPTIONS };
  if (flags.length > 0) checkboxes.initial_options = flags;

  const blocks: Block[] = [
    { type: 'context', elements: [mrkdwn('Change what I assumed or got wrong; submitting re-runs the estimate with the same prices.')] },
    input(f.requestsPerMonth, 'Requests per month', numberInput(f.requestsPerMonth, w.requestsPerMonth, true, '1')),
    input(f.peakRps, 'Peak requests per second', numberInput(f.peakRps, w.peakRps, true), {
      hint: plain('Leave as is to keep the same peak-to-average ratio when you change the monthly volume.'),
    }),
    input(f.model, 'Model (name or size)', {
      type: 'plain_text_input',
      action_id: f.model,
      initial_value: modelFieldValue(w),
      placeholder: plain('Llama 3.1 8B, 7B model, BERT-base…'),
      max_length: 200,
    }),
    input(f.precision, 'Precision', select(f.precision, PRECISION_OPTIONS, w.model.precision)),
    input(f.percentile, 'Latency percentile', select(f.percentile, PERCENTILE_OPTIONS, String(w.latency.percentile))),
    input(f.latencyMs, `Latency target (ms${w.latency.measures === 'ttft' ? ', to first token' : ''})`, numberInput(f.latencyMs, w.latency.ms, true, '1')),
  ];
  if (w.tokens !== null) {
    blocks.push(input(f.tokensIn, 'Input tokens per request', numberInput(f.tokensIn, w.tokens.input, false, '1')));
    blocks.push(input(f.tokensOut, 'Output tokens per request', numberInput(f.tokensOut, w.tokens.output, false, '0')));
  }
  blocks.push(
    input(f.cloud, 'Cloud', select(f.cloud, CLOUD_OPTIONS, w.cloud ?? ANY_CLOUD)),
    input(f.flags, 'Constraints', checkboxes, { optional: true }),
    input(f.cacheHitPercent, 'Cache hit rate (%)', numberInput(f.cacheHitPercent, Math.round(w.cacheHitRate * 1000) / 10, true, '0', '99')),
    input(f.budget, 'Monthly budget (USD)', numberInput(f.budget, w.budgetUsdPerMonth, true, '1'), { optional: true }),
  );

  return fitView({
    type: 'modal',
    callback_id: VIEW.adjust,
    title: plain('Adjust assumptions'),
    submit: plain('Re-estimate'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks,
  });
}
