// --jsonl: one workload a line in, one JSON object a line out, in order: output line N answers input
// line N. A blank or bad line gets an error object with its line number ({"line": N, "error": …})
// and the rest go on. A final newline does not count as a blank line.
import { estimate, type CoreContext } from '../core/pipeline.ts';

export function runJsonl(core: CoreContext, input: string, write: (line: string) => void): number {
  let bad = 0;
  const lines = input.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') {
      bad++;
      write(JSON.stringify({ line, error: { code: 'empty_input', message: `Line ${line} is blank. Put one workload on each line, e.g. "5M req/month 7B model p95 200ms".` } }));
      return;
    }
    try {
      const r = estimate(raw, core);
      if (r.ok) write(JSON.stringify(r.value.report));
      else {
        bad++;
        write(JSON.stringify({ line, error: { code: r.issues[0]!.code, message: r.issues[0]!.message } }));
      }
    } catch (e) {
      bad++;
      write(JSON.stringify({ line, error: { code: 'internal', message: `internal error: ${e instanceof Error ? e.message : String(e)}` } }));
    }
  });
  return bad > 0 ? 2 : 0;
}
