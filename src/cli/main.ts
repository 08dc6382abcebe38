// `infercost`: the same pipeline as the Slack app, in a terminal. Exit codes: 0 ok, 2 the input must
// be fixed, 1 a bug. Never a stack trace for bad input.
import { readFileSync } from 'node:fs';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { estimate, type CoreContext } from '../core/pipeline.ts';
import { renderTerminal } from '../core/render/terminal.ts';
import { reachTarget } from '../core/advice/reach-target.ts';
import type { Issue } from '../core/result.ts';
import { colorDefault, parseArgs, USAGE, type CliArgs } from './args.ts';
import { runJsonl } from './jsonl.ts';
import { PRICES_USAGE, runPricesImport, runPricesStatus } from './prices.ts';
import { runChat } from './chat.ts';

export const EXAMPLE = '5M req/month 7B model p95 200ms';

export function issuesText(issues: Issue[]): string {
  return issues.map((i) => `infercost: ${i.message}`).join('\n') + `\nTry: infercost "${EXAMPLE}"   (infercost --help for more)\n`;
}

/** `infercost 0.1.0 (report format 1; prices checked 2026-11-01 to 2026-11-29)`. */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = estimate(EXAMPLE, core());
  const dates = r.ok ? `; report format ${r.value.report.version}; prices checked ${r.value.report.pricesChecked.oldest} to ${r.value.report.pricesChecked.newest}` : '';
  return `infercost ${pkg.version}${dates}\n`;
}

/** COLUMNS wins (a user's explicit choice); then the terminal's width; a pipe gets no fitting. */
function terminalWidth(): { width?: number } {
  const cols = Number(process.env.COLUMNS);
  if (Number.isFinite(cols) && cols > 0) return { width: cols };
  return process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {};
}

export function core(): CoreContext {
  return { catalog: loadEmbeddedCatalog(), models: loadKnownModels() };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'chat') {
    const color = colorDefault(process.env, Boolean(process.stdout.isTTY));
    return runChat(argv.slice(1), { input: process.stdin, write: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s), interactive: Boolean(process.stdin.isTTY), color });
  }
  if (argv[0] === 'prices') {
    const today = new Date().toISOString().slice(0, 10);
    if (argv[1] === 'status') return runPricesStatus(argv.slice(2), core().catalog, (s) => process.stdout.write(s), (s) => process.stderr.write(s), today);
    if (argv[1] !== 'import') {
      process.stderr.write(PRICES_USAGE);
      return 2;
    }
    return runPricesImport(argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), today);
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`infercost: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const args: CliArgs = parsed.value;
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(versionText());
    return 0;
  }
  if (args.mode === 'jsonl') return runJsonl(core(), await readStdin(), (line) => process.stdout.write(line + '\n'));
  let text: string;
  if (args.file !== null) {
    try {
      text = args.file === '-' ? await readStdin() : readFileSync(args.file, 'utf8');
    } catch (e) {
      process.stderr.write(`infercost: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
      return 2;
    }
  } else {
    text = args.text;
  }
  const result = estimate(text, core());
  if (!result.ok) {
    if (args.json) process.stdout.write(JSON.stringify({ error: { code: result.issues[0]!.code, message: result.issues[0]!.message, issues: result.issues } }) + '\n');
    else process.stderr.write(issuesText(result.issues));
    return 2;
  }
  if (args.json) process.stdout.write(JSON.stringify(result.value.report, null, 2) + '\n');
  else {
    const ctx = core();
    const advice = reachTarget(result.value.parsed, result.value.report, ctx);
    process.stdout.write(renderTerminal(result.value.report, { color: args.color, all: args.all, advice, ...terminalWidth() }));
  }
  return 0;
}

// A reader that stops early (`infercost --json … | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`infercost: cannot write the output: ${e.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`infercost: internal error (a bug, please report it): ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
