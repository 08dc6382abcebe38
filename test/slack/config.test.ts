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

  it('turns on multi-workspace installs with SLACK_CLIENT_ID, and says what else that needs', () => {
    const oauth = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 's'.repeat(32), INFERCOST_ENCRYPTION_KEY: 'ab'.repeat(32), SLACK_SIGNING_SECRET: 'abcdefgh12345678' };
    const ok = loadConfig(oauth);
    expect(ok.ok && ok.config).toMatchObject({ auth: 'oauth', mode: 'http' });
    expect(ok.ok && ok.config.SLACK_BOT_TOKEN).toBeUndefined();
    const single = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' });
    expect(single.ok && single.config.auth).toBe('token');

    const missing = loadConfig({ SLACK_CLIENT_ID: '123.456', SLACK_SIGNING_SECRET: 'abcdefgh12345678', INFERCOST_ENCRYPTION_KEY: 'short' });
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    for (const k of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET']) expect(missing.message).toContain(`- ${k} is required for multi-workspace installs`);
    expect(missing.message).toContain('- INFERCOST_ENCRYPTION_KEY must be 32 random bytes');
    const both = loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(!both.ok && both.message).toContain('SLACK_BOT_TOKEN must be unset when SLACK_CLIENT_ID is set');
    const socket = loadConfig({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' });
    expect(!socket.ok && socket.message).toContain('cannot be used with multi-workspace installs');
    const db = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678', DATABASE_URL: 'mysql://x' });
    expect(!db.ok && db.message).toContain('- DATABASE_URL must be a PostgreSQL URL');
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
    log.info(
      { token: 'xoxb-secret-1', headers: { authorization: 'Bearer xoxb-secret-2' }, config: { SLACK_SIGNING_SECRET: 'sss', INFERCOST_ENCRYPTION_KEY: 'kkk', DATABASE_URL: 'postgres://u:pw@db/x' } },
      'calling with xoxb-secret-3 and refresh xoxe-1-secret-4 (rotated xoxe.xoxb-1-secret-5)',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/xoxb-secret|sss|kkk|pw@|secret-4|secret-5/);
    expect(out).toContain('[redacted]');
  });
});
