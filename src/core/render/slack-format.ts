// Formatting for Slack copy: money, counts, latency and mrkdwn escaping. Pure; en-US digits so
// goldens do not depend on the machine's locale. The digits come from numbers.ts, which formats as
// Intl.NumberFormat does without its cost (a NumberFormat took ~10 ms to create at start-up).
import { compact, group } from '../numbers.ts';

/** Dollars: whole dollars from $100 up, cents below, two significant figures under a dollar. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return 'unknown';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs === 0) return '$0';
  if (abs >= 100) return `${sign}$${group(abs)}`;
  if (abs >= 1) return `${sign}$${group(abs, 2, 2)}`;
  if (abs < 0.0001) return `${sign}<$0.0001`;
  const digits = Math.max(2, -Math.floor(Math.log10(abs)) + 1);
  return `${sign}$${abs.toFixed(Math.min(digits, 6))}`;
}

/** `$1,234/mo`; `unknown` for an unknown price (never $0). */
export function formatMonthly(usd: number | null | undefined): string {
  const s = formatUsd(usd);
  return s === 'unknown' ? 'unknown/mo' : `${s}/mo`;
}

/** `$0.042 per 1K`. */
export function formatPer1k(usd: number | null | undefined): string {
  return `${formatUsd(usd)} per 1K`;
}

/** 5000000 → `5M`, 1500 → `1.5K`. */
export function formatCount(n: number): string {
  return compact(n);
}

export function formatNumber(n: number): string {
  return group(n, 2);
}

/** 180 → `180 ms`, 1234 → `1.2 s`; null → `n/a`. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  return `${(ms / 60_000).toFixed(1).replace(/\.0$/, '')} min`;
}

/** 0.3 → `30%`. */
export function formatPercent(fraction: number): string {
  return `${group(Math.round(fraction * 1000) / 10, 2)}%`;
}

/** Parameters: 8.03e9 → `8B`, 1.1e8 → `110M`. */
export function formatParams(params: number): string {
  return compact(params);
}

/** Escape user or data text for mrkdwn (Slack's three control characters). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text safe inside an inline code span: no backticks, no newlines. */
export function inlineCode(text: string): string {
  return '`' + escapeMrkdwn(text.replace(/`/g, "'").replace(/\s+/g, ' ')) + '`';
}
