// Command-line arguments, parsed into a value or an error message (never an exception).

export interface CliArgs {
  mode: 'estimate' | 'jsonl';
  help: boolean;
  json: boolean;
  all: boolean;
  color: boolean;
  file: string | null;
  text: string;
}

export const USAGE = `infercost: what will serving this model cost, and how should we deploy it?

Usage
  infercost "<workload>"            a readable report
  infercost --json "<workload>"     the report as JSON (the text may span lines)
  infercost --file workload.yml     a structured workload from a file (.yml, .json, or - for stdin)
  infercost --jsonl < lines.txt     one workload a line (text or a JSON object), one JSON result a line
  infercost --all "<workload>"      list every option with the reason it was ruled out
  infercost chat [--json]           a workload, then follow-ups ("what if traffic triples?"), one a line
  infercost prices import <file>    refresh hosted-API token prices from a local LiteLLM or models.dev JSON file

Examples
  infercost "5M req/month 7B model p95 200ms"
  infercost "llama-3-8b, 20 rps peak, 500 in / 200 out tokens, p95 TTFT 300ms, on GCP"
  infercost "bert-base classifier, 2M requests a day, p99 50ms, CPU only"
  infercost --json "distilbert 300K req/month p95 100ms budget $200/month"

Exit codes: 0 ok, 2 the input must be fixed (the message says how), 1 a bug.
Colour only on a terminal; NO_COLOR turns it off.
`;

export function parseArgs(argv: string[]): { ok: true; value: CliArgs } | { ok: false; error: string } {
  const a: CliArgs = {
    mode: 'estimate',
    help: false,
    json: false,
    all: false,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    file: null,
    text: '',
  };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--json') a.json = true;
    else if (arg === '--jsonl') a.mode = 'jsonl';
    else if (arg === '--all') a.all = true;
    else if (arg === '--no-color') a.color = false;
    else if (arg === '--file' || arg === '-f') {
      const f = argv[++i];
      if (f === undefined) return { ok: false, error: '--file needs a path (or - for stdin)' };
      a.file = f;
    } else if (arg.startsWith('--file=')) a.file = arg.slice(7);
    else if (arg.startsWith('--') && arg.length > 2) return { ok: false, error: `unknown option ${arg}` };
    else words.push(arg);
  }
  a.text = words.join(' ');
  if (!a.help && a.mode === 'estimate' && a.file === null && a.text.trim() === '') a.help = true;
  return { ok: true, value: a };
}
