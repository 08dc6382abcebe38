// Errors as values: the core never throws for bad input; it returns issues with stable codes,
// and only the outer layers (CLI, Slack) turn codes into friendly copy.

export type IssueCode =
  | 'empty_input'
  | 'not_a_workload'
  | 'missing_volume'
  | 'missing_model'
  | 'invalid_number'
  | 'out_of_range'
  | 'contradiction'
  | 'invalid_field'
  | 'input_too_long'
  | 'unknown_model';

export interface Issue {
  code: IssueCode;
  message: string;
  /** The Workload field (dotted path) or structured key the issue is about, when there is one. */
  field?: string;
  /** The offending part of the input text, when there is one. */
  text?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...issues: Issue[]): Result<T> => ({ ok: false, issues });
