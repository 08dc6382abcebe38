// Claims text that looks numeric but is not a workload: URLs, Slack mentions and channels, e-mail
// addresses, dates, version strings. Runs after known-model names (a Hugging Face URL names a model).
import type { Extractor, Fact } from './facts.ts';
import { re } from './regex.ts';
import { scan, spanOf } from './text.ts';

const NOISE = re(
  [
    String.raw`\b(?:https?|ftp)://[^\s\u0001<>]{1,2000}`,
    String.raw`\bwww\.[^\s\u0001<>]{1,2000}`,
    String.raw`<[@#!][^>\s]{1,200}>`,
    String.raw`(?<![\w])@[\w.-]{1,80}`,
    String.raw`(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}\b`,
    String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b`,
    String.raw`\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b`,
    String.raw`(?<![\w.])v?\d{1,6}(?:\.\d{1,6}){2,6}(?:[-+][\w.]{1,40})?(?![\w.])`,
    String.raw`(?<![\w.])v\d{1,6}(?:\.\d{1,6})?(?![\w.])`,
  ].join('|'),
);

export const extractNoise: Extractor = ({ text, masked }) => {
  const out: Fact[] = [];
  for (const h of scan(NOISE, masked)) out.push({ type: 'noise', span: spanOf(text, h.start, h.end) });
  return out;
};
