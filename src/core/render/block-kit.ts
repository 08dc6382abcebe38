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

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | InputBlock;

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
