// Products that no longer exist (Banana.dev): when a description names one, the report says so and
// points at the alternatives the catalog prices, instead of silently ignoring the name.
import type { Catalog } from './schema.ts';

export function defunctNotes(text: string, catalog: Catalog): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  for (const d of catalog.serverless.defunct) {
    const named = d.aliases.some((a) => new RegExp(`(?<![\\w])${a.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(lower));
    if (!named) continue;
    const alternatives = d.alternatives
      .map((id) => catalog.serverless.gpu.find((p) => p.provider === id)?.name ?? id)
      .join(', ');
    out.push(`${d.name} shut down on ${d.endedOn} (${d.source}); it is not priced. Comparable serverless GPU platforms priced in this report: ${alternatives}.`);
  }
  return out;
}
