// Command-line arguments, parsed into a value or an error message (never an exception). Strict:
// an unknown option (long or short) is an error, so a typo never silently becomes workload text;
// `--` ends the options (for a workload that starts with a dash).

export interface CliArgs {
  mode: 'estimate' | 'jsonl';
  help: boolean;
  version: boolean;
  json: boolean;
  all: boolean;
  color: boolean;
  file: string | null;
  text: string;
}

export const USAGE = `infercost: what will serving this model cost, and how should we deploy it?

Usage
  infercost '<workload>'            a readable report
  infercost --json '<workload>'     the report as JSON (schema: schema/report.schema.json)
  infercost --file workload.yml     a structured workload from a file (.yml, .json, or - for stdin); also -f
  infercost --jsonl < lines.txt     one workload a line, one JSON object a line (a blank or bad line
                                    gets {"line": N, "error": …}, so output line N is input line N)
  infercost --all '<workload>'      list every option with the reason it was ruled out
  infercost chat [--json]           a workload, then follow-ups ("what if traffic triples?"), one a line
  infercost prices import <file>    refresh hosted-API token prices from a local LiteLLM or models.dev JSON file
  infercost --version               the version and the dates the prices were checked
  infercost --help                  this text (also -h)

Examples (single quotes keep the shell away from $ and !)
  infercost '5M req/month 7B model p95 200ms'
  infercost 'llama-3-8b, 20 rps peak, 500 in / 200 out tokens, p95 TTFT 300ms, on GCP'
  infercost 'bert-base classifier, 2M requests a day, p99 50ms'
  infercost --json 'distilbert 300K req/month p95 100ms budget $200/month'

Output
  The table fits the terminal (COLUMNS or the terminal's width); --all wraps reasons, never cuts them.
  Colour only on a terminal. NO_COLOR=1 or --no-color turns it off; FORCE_COLOR=1 turns it on
  (e.g. through a pager: FORCE_COLOR=1 infercost '…' | less -R).

Exit codes: 0 ok, 2 the input must be fixed (the message says how), 1 a bug.
`;

/** Colour: --no-color and NO_COLOR win; then FORCE_COLOR (any value but 0/false); then a TTY. */
export function colorDefault(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTty;
}

const KNOWN = '--json, --jsonl, --all, --file (-f), --no-color, --version, --help (-h)';

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, isTty = Boolean(process.stdout.isTTY)): { ok: true; value: CliArgs } | { ok: false; error: string } {
  const a: CliArgs = { mode: 'estimate', help: false, version: false, json: false, all: false, color: colorDefault(env, isTty), file: null, text: '' };
  const words: string[] = [];
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!options || !arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    if (arg === '--') options = false;
    else if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--version' || arg === '-v' || arg === '-V') a.version = true;
    else if (arg === '--json') a.json = true;
    else if (arg === '--jsonl') a.mode = 'jsonl';
    else if (arg === '--all') a.all = true;
    else if (arg === '--no-color' || arg === '--no-colour') a.color = false;
    else if (arg === '--file' || arg === '-f') {
      const f = argv[++i];
      if (f === undefined) return { ok: false, error: '--file needs a path (or - for stdin), e.g. --file workload.yml' };
      a.file = f;
    } else if (arg.startsWith('--file=')) a.file = arg.slice(7);
    else if (/^-\d/.test(arg)) words.push(arg);
    else return { ok: false, error: `unknown option ${arg} (options: ${KNOWN}; put -- before a workload that starts with a dash)` };
  }
  a.text = words.join(' ');
  if (!a.help && !a.version && a.mode === 'estimate' && a.file === null && a.text.trim() === '') a.help = true;
  return { ok: true, value: a };
}
