// manifest.yml is valid against Slack's published schema, and it matches the registered listeners
// both ways: every command and event in the manifest has a listener, and every listener is in it.

import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import { registerListeners } from '../../src/slack/app.ts';
import type { Services } from '../../src/slack/services.ts';
import { ACTION, COMMAND, VIEW } from '../../src/slack/ids.ts';
import { BOT_SCOPES, REDIRECT_PATH } from '../../src/slack/oauth.ts';

// Slack's published schemas (slackapi/manifest-schema, MIT), vendored so the test runs in any checkout.
const SCHEMA_DIR = new URL('../fixtures/slack-manifest-schema/', import.meta.url);
const readJson = (rel: string) => JSON.parse(readFileSync(new URL(rel, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint?: string }[]; app_home: Record<string, boolean>; bot_user: unknown };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean; token_rotation_enabled: boolean };
};

/** A stand-in for Bolt's App that records what the listeners register. */
function recordListeners() {
  const seen = { commands: [] as string[], events: [] as string[], actions: [] as string[], views: [] as string[], other: [] as string[] };
  const name = (c: unknown) => (typeof c === 'string' ? c : JSON.stringify(c));
  const app = {
    use: () => {},
    error: () => {},
    command: (c: unknown) => seen.commands.push(name(c)),
    event: (e: unknown) => seen.events.push(name(e)),
    message: () => seen.events.push('message'),
    action: (a: unknown) => seen.actions.push(typeof a === 'object' && a && 'action_id' in a ? String(a.action_id) : name(a)),
    view: (v: unknown) => seen.views.push(typeof v === 'object' && v && 'callback_id' in v ? String(v.callback_id) : name(v)),
    shortcut: (s: unknown) => seen.other.push(`shortcut ${name(s)}`),
    options: (o: unknown) => seen.other.push(`options ${name(o)}`),
    function: (f: unknown) => seen.other.push(`function ${name(f)}`),
  };
  registerListeners(app as unknown as App, {} as Services);
  return seen;
}

/** Manifest event names → the event type Bolt listeners register (message.* are all 'message'). */
const boltEvent = (e: string) => e.split('.')[0]!;

describe('manifest.yml', () => {
  it('asks for the scopes an OAuth install asks for, and redirects to the install redirect path', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.redirect_urls?.every((u) => new URL(u).pathname === REDIRECT_PATH)).toBe(true);
  });

  it("validates against Slack's published manifest schema", () => {
    const ajv = new Ajv({ allErrors: true });
    const base = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';
    ajv.addSchema(readJson('schemas/manifest.schema.1.0.0.json'), `${base}manifest.schema.1.0.0.json`);
    ajv.addSchema(readJson('schemas/manifest.schema.2.0.0.json'), `${base}manifest.schema.2.0.0.json`);
    const validate = ajv.compile(readJson('manifest.schema.json'));
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a broken manifest (the validator is really checking)', () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(readJson('schemas/manifest.schema.1.0.0.json'));
    expect(validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'infercost' }] } })).toBe(false);
  });

  it('has every command and event a listener, and every listener in the manifest', () => {
    const seen = recordListeners();
    const manifestCommands = manifest.features.slash_commands.map((c) => c.command).sort();
    expect([...new Set(seen.commands)].sort()).toEqual(manifestCommands);
    expect(manifestCommands).toEqual([COMMAND]);
    const manifestEvents = [...new Set(manifest.settings.event_subscriptions.bot_events.map(boltEvent))].sort();
    expect([...new Set(seen.events)].sort()).toEqual(manifestEvents);
    expect(seen.other).toEqual([]);
    // interactivity is on because there are buttons and a modal
    expect(manifest.settings.interactivity.is_enabled).toBe(seen.actions.length + seen.views.length > 0);
    expect(seen.actions.sort()).toEqual(Object.values(ACTION).sort());
    expect(seen.views).toEqual(Object.values(VIEW));
  });

  it('asks for the scopes the features need and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'im:history', 'users:read'].sort(),
    );
    expect(manifest.features.slash_commands[0]!.usage_hint).toBeTruthy();
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });
});
