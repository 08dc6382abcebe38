import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../../src/slack/config.ts';
import { createLogger } from '../../src/slack/logger.ts';

describe('config', () => {
  it('fills defaults in HTTP mode', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' });
    expect(r.ok && r.config).toMatchObject({ mode: 'http', PORT: 3000, SLACK_API_URL: 'https://slack.com/api/', INFERCOST_DATA_DIR: './data', LOG_LEVEL: 'info' });
  });

  it('uses Socket Mode when an app token is set, with no signing secret needed', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-2', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(r.ok && r.config).toMatchObject({ mode: 'socket', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
  });

  it('lists every problem in one readable message', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: '', PORT: 'abc', LOG_LEVEL: 'loud', SLACK_API_URL: 'not a url' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'LOG_LEVEL', 'SLACK_API_URL']) expect(r.message).toContain(`- ${k}`);
    expect(r.message).toContain('manifest.yml');
    expect(r.message).toContain('CLI works without');
    expect(r.message).not.toMatch(/\n\s+at /);
  });

  it('.env.example lists exactly the schema keys', () => {
    const keys = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => /^#?\s*([A-Z_]+)=/.exec(l)?.[1])
      .filter((k): k is string => Boolean(k));
    expect([...keys].sort()).toEqual([...CONFIG_KEYS].sort());
  });
});

describe('logger', () => {
  it('redacts tokens, secrets and authorization headers', () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    log.info({ token: 'xoxb-secret-1', headers: { authorization: 'Bearer xoxb-secret-2' }, config: { SLACK_SIGNING_SECRET: 'sss' } }, 'calling with xoxb-secret-3');
    const out = lines.join('');
    expect(out).not.toMatch(/xoxb-secret|sss/);
    expect(out).toContain('[redacted]');
  });
});
