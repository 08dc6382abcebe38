// The one place that knows Slack's Block Kit limits. Every builder passes its output through
// fitMessage / fitView, so a big report degrades ("…and N more") instead of being rejected.

import type { Block, InputBlock, ModalView, HomeView, SlackMessage, TextObject, Button } from './block-kit.ts';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  /** Slack rejects messages with roughly 13K characters of block text (msg_blocks_too_long); stay under. */
  messageChars: 11_000,
  /** Fallback text: Slack allows far more, but it is a notification line; keep it short. */
  fallbackText: 3000,
  privateMetadata: 3000,
} as const;

const ELLIPSIS = '…';

/** Cut `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // do not leave half of a surrogate pair behind
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/** Keep whole lines that fit in `max` characters and say how many were left out. */
export function truncateLines(text: string, max: number, noun = 'more'): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const suffix = `\n${ELLIPSIS}and ${lines.length - i} ${noun}`;
    if (used + line.length + 1 + suffix.length > max) {
      if (kept.length === 0) return truncate(text, max);
      return kept.join('\n') + `\n${ELLIPSIS}and ${lines.length - i} ${noun}`;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join('\n');
}

function fitText<T extends TextObject>(t: T, max: number): T {
  return t.text.length <= max ? t : { ...t, text: t.type === 'mrkdwn' ? truncateLines(t.text, max) : truncate(t.text, max) };
}

function fitButton(b: Button): Button {
  const out: Button = { ...b, text: fitText(b.text, LIMITS.buttonText) };
  if (out.value !== undefined) out.value = out.value.slice(0, LIMITS.buttonValue);
  return out;
}

function fitInput(b: InputBlock): InputBlock {
  const element = { ...b.element };
  if ('placeholder' in element && element.placeholder) element.placeholder = fitText(element.placeholder, LIMITS.placeholder);
  if ('options' in element) {
    element.options = element.options.map((o) => ({ ...o, text: fitText(o.text, LIMITS.optionText) }));
  }
  const out: InputBlock = { ...b, label: fitText(b.label, LIMITS.inputLabel), element };
  if (b.hint) out.hint = fitText(b.hint, LIMITS.inputLabel);
  return out;
}

/** Clamp one block's texts and element counts to Slack's limits. */
export function fitBlock(block: Block): Block {
  switch (block.type) {
    case 'header':
      return { ...block, text: fitText(block.text, LIMITS.headerText) };
    case 'section': {
      const out = { ...block };
      if (out.text) out.text = fitText(out.text, LIMITS.sectionText);
      if (out.fields) out.fields = out.fields.slice(0, LIMITS.sectionFields).map((f) => fitText(f, LIMITS.fieldText));
      return out;
    }
    case 'context':
      return { ...block, elements: block.elements.slice(0, LIMITS.contextElements).map((e) => fitText(e, LIMITS.contextText)) };
    case 'actions':
      return { ...block, elements: block.elements.slice(0, LIMITS.actionsElements).map(fitButton) };
    case 'input':
      return fitInput(block);
    case 'divider':
      return block;
  }
}

function blockChars(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length, 0);
    case 'input':
      return block.label.text.length;
    case 'divider':
      return 0;
  }
}

function moreNote(dropped: number): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${ELLIPSIS}and ${dropped} more not shown (Slack's message size limit).` }],
  };
}

/**
 * Fit a list of blocks into `maxBlocks` and about `maxChars` characters. A trailing actions block
 * (the buttons) is always kept; blocks are dropped from the end of the body and replaced by one
 * "…and N more" line.
 */
export function fitBlocks(blocks: Block[], maxBlocks: number, maxChars = Number.POSITIVE_INFINITY): Block[] {
  const fitted = blocks.map(fitBlock);
  const last = fitted[fitted.length - 1];
  const tail = last?.type === 'actions' ? [last] : [];
  let body = tail.length ? fitted.slice(0, -1) : fitted;
  let dropped = 0;
  const budget = maxBlocks - tail.length;
  if (body.length > budget) {
    dropped = body.length - (budget - 1);
    body = body.slice(0, budget - 1);
  }
  const tailChars = tail.reduce((n, b) => n + blockChars(b), 0);
  let chars = body.reduce((n, b) => n + blockChars(b), 0) + tailChars;
  while (chars > maxChars && body.length > 1) {
    const removed = body.pop()!;
    chars -= blockChars(removed);
    dropped++;
  }
  return dropped > 0 ? [...body, moreNote(dropped), ...tail] : [...body, ...tail];
}

/** Fit a message: at most 50 blocks, ~11K characters, and a short fallback text that is never empty. */
export function fitMessage(msg: SlackMessage): SlackMessage {
  const text = truncate(msg.text.trim() === '' ? 'InferCost' : msg.text, LIMITS.fallbackText);
  return { text, blocks: fitBlocks(msg.blocks, LIMITS.messageBlocks, LIMITS.messageChars) };
}

/** Fit a modal or Home tab: at most 100 blocks. */
export function fitView<V extends ModalView | HomeView>(view: V): V {
  const out = { ...view, blocks: fitBlocks(view.blocks, LIMITS.viewBlocks) };
  // Modal titles are limited to 24 characters; private_metadata (≤ 3000) holds only short keys.
  if (out.type === 'modal') out.title = fitText(out.title, 24);
  return out;
}
