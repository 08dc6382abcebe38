// Formatting for Slack copy: money, counts, latency and mrkdwn escaping. Pure; en-US digits so
// goldens do not depend on the machine's locale.

const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Dollars: whole dollars from $100 up, cents below, two significant figures under a dollar. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return 'unknown';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs === 0) return '$0';
  if (abs >= 100) return sign + usd0.format(abs);
  if (abs >= 1) return sign + usd2.format(abs);
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
  return compact.format(n);
}

export function formatNumber(n: number): string {
  return plainNumber.format(n);
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
  return `${plainNumber.format(Math.round(fraction * 1000) / 10)}%`;
}

/** Parameters: 8.03e9 → `8B`, 1.1e8 → `110M`. */
export function formatParams(params: number): string {
  return compact.format(params);
}

/** Escape user or data text for mrkdwn (Slack's three control characters). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text safe inside an inline code span: no backticks, no newlines. */
export function inlineCode(text: string): string {
  return '`' + escapeMrkdwn(text.replace(/`/g, "'").replace(/\s+/g, ' ')) + '`';
}
