// The small part of Block Kit InferCost renders, typed locally so the pure core does not depend on
// the Slack SDK. These shapes are structurally compatible with @slack/types' blocks and views.

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type TextObject = PlainText | Mrkdwn;

export interface Button {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface SelectOption {
  text: PlainText;
  value: string;
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}
export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
}
export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}
export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}
export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: Button[];
}

export interface PlainTextInput {
  type: 'plain_text_input';
  action_id: string;
  initial_value?: string;
  placeholder?: PlainText;
  max_length?: number;
}
export interface NumberInput {
  type: 'number_input';
  action_id: string;
  is_decimal_allowed: boolean;
  initial_value?: string;
  min_value?: string;
  max_value?: string;
  placeholder?: PlainText;
}
export interface StaticSelect {
  type: 'static_select';
  action_id: string;
  options: SelectOption[];
  initial_option?: SelectOption;
  placeholder?: PlainText;
}
export interface Checkboxes {
  type: 'checkboxes';
  action_id: string;
  options: SelectOption[];
  initial_options?: SelectOption[];
}
export type InputElement = PlainTextInput | NumberInput | StaticSelect | Checkboxes;

export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  hint?: PlainText;
  optional?: boolean;
  element: InputElement;
}

// Newer blocks, typed exactly to Slack's reference and nothing more:
// - data_visualization: https://docs.slack.dev/reference/block-kit/blocks/data-visualization-block
//   (changelog 2026-06-16). title ≤ 50; chart is pie | bar | area | line; bar/area/line take 1–6
//   series and a required axis_config. The reference page text consulted was cut inside "Data
//   Series"; the series shape { name, data: [{ label, value }] } and axis_config { categories
//   (≤ 20 characters each), x_label, y_label (≤ 50) } are from the slack-messaging crate's builders,
//   which link that page. At most two charts a message (slack-morphism's note on the same page).
// - data_table: https://docs.slack.dev/reference/block-kit/blocks/data-table-block (changelog
//   2026-05-20). caption required; rows 2–101 (header first), every row the same length; cells
//   raw_text | raw_number | rich_text (header: no rich_text); page_size 1–100. We use raw_text only:
//   raw_number's field names were not in the text consulted, so we do not guess them.
export interface ChartPoint {
  label: string;
  value: number;
}
export interface ChartSeries {
  name: string;
  data: ChartPoint[];
}
export interface AxisConfig {
  categories: string[];
  x_label?: string;
  y_label?: string;
}
export interface SeriesChart {
  type: 'bar' | 'line' | 'area';
  series: ChartSeries[];
  axis_config: AxisConfig;
}
export interface DataVisualizationBlock {
  type: 'data_visualization';
  block_id?: string;
  title: string;
  chart: SeriesChart;
}
export interface RawTextCell {
  type: 'raw_text';
  text: string;
}
export interface DataTableBlock {
  type: 'data_table';
  block_id?: string;
  caption: string;
  rows: RawTextCell[][];
  page_size?: number;
  row_header_column_index?: number;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | InputBlock | DataVisualizationBlock | DataTableBlock;

/** A message: Block Kit blocks plus the fallback text Slack shows in notifications and reads aloud. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  private_metadata?: string;
  blocks: Block[];
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export const plain = (text: string): PlainText => ({ type: 'plain_text', text, emoji: true });
export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
