// The one place that knows Slack's Block Kit limits. Every builder passes its output through
// fitMessage / fitView, so a big report degrades ("…and N more") instead of being rejected.

import type { Block, InputBlock, ModalView, HomeView, SlackMessage, TextObject, Button, DataTableBlock, DataVisualizationBlock, SectionBlock } from './block-kit.ts';

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
  /** data_visualization (docs.slack.dev reference, see block-kit.ts): title, series, labels, and at most two a message. */
  chartTitle: 50,
  chartSeries: 6,
  chartCategory: 20,
  chartAxisLabel: 50,
  chartsPerMessage: 2,
  /** data_table: 100 rows plus the header; at most 20 cells a row (as the table block); one a message. */
  tableRows: 101,
  tableColumns: 20,
  tablePageSize: 100,
  tablesPerMessage: 1,
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
    case 'data_visualization':
      return fitChart(block);
    case 'data_table':
      return fitTable(block);
  }
}

function fitChart(b: DataVisualizationBlock): DataVisualizationBlock {
  const categories = b.chart.axis_config.categories.map((c) => truncate(c, LIMITS.chartCategory));
  const axis = { ...b.chart.axis_config, categories };
  if (axis.x_label !== undefined) axis.x_label = truncate(axis.x_label, LIMITS.chartAxisLabel);
  if (axis.y_label !== undefined) axis.y_label = truncate(axis.y_label, LIMITS.chartAxisLabel);
  const series = b.chart.series.slice(0, LIMITS.chartSeries).map((x) => ({ ...x, data: x.data.map((d) => ({ ...d, label: truncate(d.label, LIMITS.chartCategory) })) }));
  return { ...b, title: truncate(b.title, LIMITS.chartTitle), chart: { ...b.chart, series, axis_config: axis } };
}

function fitTable(b: DataTableBlock): DataTableBlock {
  const rows = b.rows.slice(0, LIMITS.tableRows).map((r) => r.slice(0, LIMITS.tableColumns));
  const out: DataTableBlock = { ...b, rows };
  if (out.page_size !== undefined) out.page_size = Math.min(LIMITS.tablePageSize, Math.max(1, Math.round(out.page_size)));
  return out;
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
    case 'data_visualization':
      return block.title.length + block.chart.axis_config.categories.reduce((n, c) => n + c.length, 0);
    case 'data_table':
      return block.caption.length + block.rows.reduce((n, r) => n + r.reduce((m, c) => m + c.text.length, 0), 0);
  }
}

/** Characters a reader sees in a message's blocks (headers, text, chart labels, table cells, buttons). */
export function visibleChars(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + blockChars(b), 0);
}

/** Every way `blocks` break Slack's documented limits, as readable lines (empty when valid). */
export function blockProblems(blocks: Block[], surface: 'message' | 'view'): string[] {
  const p: string[] = [];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) p.push(`${blocks.length} blocks (max ${max})`);
  const charts = blocks.filter((b) => b.type === 'data_visualization').length;
  const tables = blocks.filter((b) => b.type === 'data_table').length;
  if (charts > LIMITS.chartsPerMessage) p.push(`${charts} charts (max ${LIMITS.chartsPerMessage})`);
  if (tables > LIMITS.tablesPerMessage) p.push(`${tables} data tables (max ${LIMITS.tablesPerMessage})`);
  if (surface === 'view' && charts + tables > 0) p.push('charts and data tables are sent in messages only');
  if (surface === 'message' && visibleChars(blocks) > LIMITS.messageChars) p.push(`${visibleChars(blocks)} characters (max ${LIMITS.messageChars})`);
  const text = (t: TextObject | undefined, lim: number, where: string) => {
    if (t && (t.text.length === 0 || t.text.length > lim)) p.push(`${where}: ${t.text.length} characters (1–${lim})`);
  };
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id !== undefined && b.block_id.length > 255) p.push(`${at}: block_id over 255`);
    switch (b.type) {
      case 'header':
        return text(b.text, LIMITS.headerText, at);
      case 'section':
        if (!b.text && !b.fields) p.push(`${at}: no text or fields`);
        text(b.text, LIMITS.sectionText, at);
        if ((b.fields?.length ?? 0) > LIMITS.sectionFields) p.push(`${at}: over ${LIMITS.sectionFields} fields`);
        for (const f of b.fields ?? []) text(f, LIMITS.fieldText, `${at} field`);
        return;
      case 'context':
        if (b.elements.length === 0 || b.elements.length > LIMITS.contextElements) p.push(`${at}: ${b.elements.length} elements`);
        for (const e of b.elements) text(e, LIMITS.contextText, at);
        return;
      case 'actions':
        if (b.elements.length === 0 || b.elements.length > LIMITS.actionsElements) p.push(`${at}: ${b.elements.length} elements`);
        for (const e of b.elements) {
          text(e.text, LIMITS.buttonText, `${at} button`);
          if ((e.value?.length ?? 0) > LIMITS.buttonValue) p.push(`${at}: button value too long`);
        }
        return;
      case 'input':
        return text(b.label, LIMITS.inputLabel, at);
      case 'divider':
        return;
      case 'data_visualization': {
        if (b.title.length === 0 || b.title.length > LIMITS.chartTitle) p.push(`${at}: title ${b.title.length} characters (1–${LIMITS.chartTitle})`);
        const { series, axis_config: axis } = b.chart;
        if (series.length < 1 || series.length > LIMITS.chartSeries) p.push(`${at}: ${series.length} series (1–${LIMITS.chartSeries})`);
        if (new Set(series.map((x) => x.name)).size !== series.length) p.push(`${at}: series names repeat`);
        if (axis.categories.length === 0) p.push(`${at}: no categories`);
        for (const c of axis.categories) if (c.length === 0 || c.length > LIMITS.chartCategory) p.push(`${at}: category "${c}" over ${LIMITS.chartCategory}`);
        if (new Set(axis.categories).size !== axis.categories.length) p.push(`${at}: categories repeat`);
        for (const l of [axis.x_label, axis.y_label]) if (l !== undefined && l.length > LIMITS.chartAxisLabel) p.push(`${at}: axis label over ${LIMITS.chartAxisLabel}`);
        for (const x of series) {
          if (x.name.length === 0 || x.name.length > LIMITS.chartCategory) p.push(`${at}: series name "${x.name}"`);
          const labels = x.data.map((d) => d.label);
          if (labels.length !== axis.categories.length || labels.some((l, j) => l !== axis.categories[j])) p.push(`${at}: series "${x.name}" labels do not match the categories`);
          if (x.data.some((d) => !Number.isFinite(d.value))) p.push(`${at}: series "${x.name}" has a value that is not a finite number`);
        }
        return;
      }
      case 'data_table': {
        if (b.caption.length === 0) p.push(`${at}: no caption`);
        if (b.rows.length < 2 || b.rows.length > LIMITS.tableRows) p.push(`${at}: ${b.rows.length} rows (2–${LIMITS.tableRows})`);
        const width = b.rows[0]?.length ?? 0;
        if (width === 0 || width > LIMITS.tableColumns) p.push(`${at}: ${width} columns (1–${LIMITS.tableColumns})`);
        if (b.rows.some((r) => r.length !== width)) p.push(`${at}: rows of different lengths`);
        if (b.rows.some((r) => r.some((c) => c.type !== 'raw_text' || typeof c.text !== 'string'))) p.push(`${at}: a cell is not raw_text`);
        if (b.page_size !== undefined && (b.page_size < 1 || b.page_size > LIMITS.tablePageSize)) p.push(`${at}: page_size ${b.page_size}`);
        return;
      }
    }
  });
  return p;
}

/** Chart and data-table blocks as classic sections, for workspaces that answer invalid_blocks. The
 * numbers stay: a chart becomes one line per category with a bar of ▇, a table one line per row. */
export function classicBlocks(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.type === 'data_visualization') {
      const lines = [`*${esc(b.title)}*`];
      for (const x of b.chart.series) {
        const top = Math.max(...x.data.map((d) => Math.abs(d.value)), 0);
        for (const d of x.data) {
          const n = top > 0 ? Math.max(1, Math.round((Math.abs(d.value) / top) * 12)) : 0;
          lines.push(`\`${'▇'.repeat(n).padEnd(12, ' ')}\` ${esc(d.label)}: ${formatValue(d.value, b.chart.axis_config.y_label)}${b.chart.series.length > 1 ? ` (${esc(x.name)})` : ''}`);
        }
      }
      out.push(...sections(lines));
    } else if (b.type === 'data_table') {
      // The header row names the columns; each data row becomes "*first cell* · the rest".
      const rows = b.rows.slice(1);
      const lines = [`*${esc(b.caption)}*`, ...rows.map((r) => r.map((c, j) => (j === 0 ? `*${esc(c.text)}*` : esc(c.text))).filter((t) => t !== '').join(' · '))];
      out.push(...sections(lines));
    } else out.push(b);
  }
  return out;
}

/** Chart and table text is plain; in a mrkdwn section only &, < and > need escaping. */
function esc(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatValue(v: number, unit: string | undefined): string {
  const n = Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(+v.toFixed(2));
  return unit && /usd|\$/i.test(unit) ? `$${n}` : n;
}

function sections(lines: string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  let cur = '';
  for (const l of lines) {
    if (cur && cur.length + 1 + l.length > LIMITS.sectionText - 100) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: cur } });
      cur = l;
    } else cur = cur ? `${cur}\n${l}` : l;
  }
  if (cur) out.push({ type: 'section', text: { type: 'mrkdwn', text: cur } });
  return out;
}

/** The same message with only classic blocks (see classicBlocks), fitted again. */
export function classicMessage(msg: SlackMessage): SlackMessage {
  return fitMessage({ text: msg.text, blocks: classicBlocks(msg.blocks) });
}

/** True when a message uses blocks a workspace may reject (invalid_blocks) and has a classic form. */
export function hasNewBlocks(blocks: Block[]): boolean {
  return blocks.some((b) => b.type === 'data_visualization' || b.type === 'data_table');
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
