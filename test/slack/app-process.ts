// The real app as a separate process (src/slack/main.ts, as `npm start` runs it) against FakeSlack:
// for tests that kill it, signal it and restart it on the same data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sign } from './harness.ts';
import type { FakeSlack } from './fake-slack.ts';

export const PROCESS_SECRET = 'process-signing-secret';

export interface AppProcess {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startAppProcess(fake: FakeSlack, dataDir: string, env: Record<string, string> = {}, entry: string[] = [join(import.meta.dirname, '../../src/slack/main.ts')]): Promise<AppProcess> {
  const child = spawn(entry[0] === 'npm' ? 'npm' : process.execPath, entry[0] === 'npm' ? entry.slice(1) : entry, {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-process-test',
      SLACK_SIGNING_SECRET: PROCESS_SECRET,
      SLACK_API_URL: fake.apiUrl,
      INFERCOST_DATA_DIR: join(dataDir, 'data'),
      PORT: '0',
      LOG_LEVEL: 'info',
      INFERCOST_WORKERS: '1',
      INFERCOST_JOB_LEASE_SECONDS: '2',
      NODE_DISABLE_COMPILE_CACHE: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = out.split('\n').find((l) => l.includes('"msg":"InferCost is running"'));
    const m = line ? /"port":(\d+)/.exec(line) : null;
    if (m) return { child, base: `http://127.0.0.1:${m[1]}`, stdout: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start: ${err || out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A signed /infercost command to a process; resolves to the HTTP status of the ack. */
export async function sendCommand(base: string, fake: FakeSlack, id: string, text: string, channel: string, user = 'U1'): Promise<number> {
  const body = new URLSearchParams({
    team_id: 'T1',
    channel_id: channel,
    user_id: user,
    command: '/infercost',
    text,
    api_app_id: 'A1',
    response_url: fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts, PROCESS_SECRET) },
    body,
  });
  await res.text();
  return res.status;
}
