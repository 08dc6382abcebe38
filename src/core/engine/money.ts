// Money is integer micro-dollars inside the engine: each component is rounded once, and an option's
// total is an exact integer sum of its components. Dollars appear only at the edges.
import type { Price, TieredPrice } from '../catalog/schema.ts';
import type { CostComponent } from '../report.ts';

export const MICRO_PER_USD = 1_000_000;

/** Dollars rounded to the cent, for display fields. */
export const cents = (micro: number): number => Math.round(micro / 10_000) / 100;

/** A priced line: quantity × unit price. `unitUsd` may differ from price.usd when a discount or markup applies. */
export function line(name: string, quantity: number, unit: string, price: Price, unitUsd = price.usd): CostComponent {
  const micro = Math.round(quantity * unitUsd * MICRO_PER_USD);
  return {
    name,
    quantity: round6(quantity),
    unit,
    unitPriceUsd: unitUsd,
    monthlyUsd: cents(micro),
    monthlyMicroUsd: micro,
    source: price.source,
    checked: price.checked,
    confidence: price.confidence,
  };
}

/** A free allowance shown as a negative line, so the arithmetic stays visible. */
export function creditLine(name: string, quantity: number, unit: string, price: Price, unitUsd = price.usd): CostComponent {
  const c = line(name, quantity, unit, price, unitUsd);
  return { ...c, quantity: -c.quantity, monthlyMicroUsd: -(c.monthlyMicroUsd ?? 0), monthlyUsd: -(c.monthlyUsd ?? 0) };
}

/** Sum of components in micro-dollars; null when any component is unknown. */
export function total(components: CostComponent[]): number | null {
  let sum = 0;
  for (const c of components) {
    if (c.monthlyMicroUsd === null) return null;
    sum += c.monthlyMicroUsd;
  }
  return sum;
}

/**
 * Cost of `units` (in the price's own unit, e.g. millions of requests) under a tiered price: tiers in
 * ascending order, `upTo` counted in the same unit, the last tier open-ended. Worked example
 * (API Gateway REST, $3.50/M for the first 333M, $2.80/M for the next 667M): 400M requests =
 * 400 units → 333 × $3.50 + 67 × $2.80 = $1,165.50 + $187.60 = $1,353.10.
 */
export function tieredUsd(units: number, price: TieredPrice): number {
  let remaining = units;
  let floor = 0;
  let usd = 0;
  for (const tier of price.tiers) {
    if (remaining <= 0) break;
    const width = tier.upTo === null ? remaining : Math.max(0, tier.upTo - floor);
    const take = Math.min(remaining, width);
    usd += take * tier.usd;
    remaining -= take;
    if (tier.upTo !== null) floor = tier.upTo;
  }
  return usd;
}

/** A tiered line: its unit price is the blended rate, so quantity × unit price still equals the cost.
 * `unitSize` converts the raw quantity (requests) into the price's unit (1e6 for "1M requests"). */
export function tieredLine(name: string, quantity: number, unit: string, price: TieredPrice, unitSize: number): CostComponent {
  const units = quantity / unitSize;
  const usd = tieredUsd(units, price);
  const micro = Math.round(usd * MICRO_PER_USD);
  return {
    name,
    quantity: round6(units),
    unit,
    unitPriceUsd: units > 0 ? usd / units : (price.tiers[0]?.usd ?? 0),
    monthlyUsd: cents(micro),
    monthlyMicroUsd: micro,
    source: price.source,
    checked: price.checked,
    confidence: price.confidence,
  };
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
