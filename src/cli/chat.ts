// `infercost chat`: the thread conversation in a terminal. The first line is a workload, later lines
// are follow-ups, answered by the same engine the Slack threads use (core/converse). Works
// interactively and piped; `--json` writes one JSON object a line: intent, workload, answer, report.
import { createInterface } from 'node:readline';
import { loadEmbeddedCatalog, loadKnownModels } from '../catalog/embedded.ts';
import { loadIntents } from '../catalog/intents.ts';
import { type ConversationState, converse, type ConverseContext, type Turn } from '../core/converse/conversation.ts';
import { workloadJson } from '../core/engine/evaluate.ts';

export const CHAT_USAGE = `infercost chat: ask follow-ups about a workload, like in a Slack thread

Usage
  infercost chat                 type a workload, then follow-ups ("what if traffic triples?"); "exit" quits
                                 what-ifs are hypothetical; "let's go with that", "switch to int8" or
                                 "assume 50% cache hits" change the workload; "undo" and "reset" go back
  infercost chat --json          one JSON object a line: {intent, workload, answer, report}
  infercost chat --now 2026-11-29  the date projections count from (default: today)

Example
  printf '5M req/month 7B model p95 200ms\\nwhat if traffic triples?\\nwhy not Lambda?\\n' | infercost chat
`;

interface ChatArgs {
  json: boolean;
  color: boolean;
  now: Date;
  help: boolean;
}

function parseChatArgs(argv: string[], color: boolean): { ok: true; value: ChatArgs } | { ok: false; error: string } {
  const a: ChatArgs = { json: false, color, now: new Date(), help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') a.json = true;
    else if (arg === '--no-color') a.color = false;
    else if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--now' || arg.startsWith('--now=')) {
      const v = arg === '--now' ? argv[++i] : arg.slice(6);
      const d = v === undefined ? null : new Date(v);
      if (!d || Number.isNaN(d.getTime())) return { ok: false, error: '--now needs a date, e.g. --now 2026-11-29' };
      a.now = d;
    } else return { ok: false, error: `unknown argument ${arg}` };
  }
  return { ok: true, value: a };
}

/** *bold* → terminal bold, _a note_ → dim (or plain when colour is off). */
export function terminalText(s: string, color: boolean): string {
  return s
    .replace(/\*([^*\n]+)\*/g, (_, t: string) => (color ? `\u001b[1m${t}\u001b[22m` : t))
    .replace(/(^|\s)_([^_\n]+)_(?=[\s.,;:!?]|$)/gm, (_, pre: string, t: string) => `${pre}${color ? `\u001b[2m${t}\u001b[22m` : t}`);
}

/** One turn as JSON. `workload` is the workload the answer is about (a what-if's changed copy);
 * `threadWorkload` is the one the conversation keeps; `hypothetical` says when they differ on purpose. */
export function turnJson(t: Turn): Record<string, unknown> {
  const { report, ...answer } = t.answer;
  const subject = t.subject ?? t.state?.parsed ?? null;
  return {
    intent: t.intent,
    workload: subject ? workloadJson(subject) : null,
    threadWorkload: t.state ? workloadJson(t.state.parsed) : null,
    hypothetical: t.answer.hypothetical ?? false,
    answer,
    ...(report ? { report } : {}),
  };
}

export interface ChatIo {
  input: NodeJS.ReadableStream;
  write: (s: string) => void;
  writeErr: (s: string) => void;
  interactive: boolean;
  color: boolean;
}

export async function runChat(argv: string[], io: ChatIo): Promise<number> {
  const parsed = parseChatArgs(argv, io.color);
  if (!parsed.ok) {
    io.writeErr(`infercost chat: ${parsed.error}\n\n${CHAT_USAGE}`);
    return 2;
  }
  const args = parsed.value;
  if (args.help) {
    io.write(CHAT_USAGE);
    return 0;
  }
  const ctx: ConverseContext = { catalog: loadEmbeddedCatalog(), models: loadKnownModels(), intents: loadIntents(), now: args.now };
  const prompt = io.interactive && !args.json;
  if (prompt) io.write('Describe a workload (e.g. "5M req/month 7B model p95 200ms"); then ask follow-ups. "exit" quits.\n> ');
  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Infinity });
  let state: ConversationState | null = null;
  let answered = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') {
      if (prompt) io.write('> ');
      continue;
    }
    if (io.interactive && /^(?:exit|quit|bye|:q)$/i.test(line)) break;
    const t = converse(state, line, ctx);
    state = t.state;
    answered++;
    if (args.json) io.write(JSON.stringify(turnJson(t)) + '\n');
    else io.write(terminalText(t.answer.text, args.color) + '\n' + (prompt ? '\n> ' : '\n'));
  }
  rl.close();
  if (answered === 0 && !io.interactive) {
    io.writeErr('infercost chat: no input. Pipe a workload and follow-ups, one a line.\n');
    return 2;
  }
  return state ? 0 : 2;
}
