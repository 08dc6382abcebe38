// --jsonl: one workload a line in, one JSON object a line out, in order; a bad line gets an error
// object and the rest go on.
import { estimate, type CoreContext } from '../core/pipeline.ts';

export function runJsonl(core: CoreContext, input: string, write: (line: string) => void): number {
  let bad = 0;
  for (const raw of input.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    try {
      const r = estimate(raw, core);
      if (r.ok) write(JSON.stringify(r.value.report));
      else {
        bad++;
        write(JSON.stringify({ error: { code: r.issues[0]!.code, message: r.issues[0]!.message } }));
      }
    } catch (e) {
      bad++;
      write(JSON.stringify({ error: { code: 'internal', message: `internal error: ${e instanceof Error ? e.message : String(e)}` } }));
    }
  }
  return bad > 0 ? 2 : 0;
}
