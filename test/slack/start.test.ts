// Starting the app: the token check that main.ts sends while the modules load, and the readable
// refusal when Slack rejects the token.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTest } from '../../src/slack/auth-test.ts';

let server: Server;
let api = '';
const seen: { auth?: string; path?: string }[] = [];
let flaky = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ auth: req.headers.authorization, path: req.url });
    if (req.headers.authorization === 'Bearer xoxb-flaky' && flaky-- > 0) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream not ready');
      return;
    }
    const good = req.headers.authorization === 'Bearer xoxb-good' || req.headers.authorization === 'Bearer xoxb-flaky';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(good ? { ok: true, bot_id: 'B1', user_id: 'UBOT' } : { ok: false, error: 'invalid_auth' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('auth.test at start', () => {
  it('reads the bot ids, or the error Slack gives', async () => {
    expect(await authTest(api, 'xoxb-good')).toEqual({ ok: true, botId: 'B1', botUserId: 'UBOT' });
    expect(seen.at(-1)).toEqual({ auth: 'Bearer xoxb-good', path: '/api/auth.test' });
    expect(await authTest(api, 'xoxb-bad')).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('reports an unreachable Slack as an error, not an exception', async () => {
    const r = await authTest('http://127.0.0.1:9/api/', 'xoxb-good', 2000);
    expect(r.ok).toBe(false);
  });

  it('stops the app with a readable message when Slack refuses the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infercost-start-'));
    try {
      const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [join(import.meta.dirname, '../../src/slack/main.ts')], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: 'secret-123456', SLACK_API_URL: api, INFERCOST_DATA_DIR: join(dir, 'data'), PORT: '0' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        p.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)');
      expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('retries auth.test when Slack does not answer at start, instead of calling the token refused', async () => {
    flaky = 1;
    const dir = mkdtempSync(join(tmpdir(), 'infercost-start-'));
    try {
      const p = spawn(process.execPath, [join(import.meta.dirname, '../../src/slack/main.ts')], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: 'xoxb-flaky', SLACK_SIGNING_SECRET: 'secret-123456', SLACK_API_URL: api, INFERCOST_DATA_DIR: join(dir, 'data'), PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const deadline = Date.now() + 20_000;
      while (!out.includes('InferCost is running') && p.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      p.kill('SIGTERM');
      await new Promise((r) => p.on('exit', r));
      expect(out).toContain('Slack did not answer auth.test (HTTP 503, not JSON); trying again in 2 s');
      expect(out).toContain('InferCost is running');
      expect(out).not.toContain('refused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
