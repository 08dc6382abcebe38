// A stand-in for Slack's Web API and response_url endpoints, on loopback. Records every call with
// its decoded body; answers like Slack; can be told to fail a method (not_in_channel, 429).

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  /** Form fields, with JSON-valued fields (blocks, view) decoded. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** What the stand-in answered (set once it has). */
  response?: Record<string, unknown>;
}

export interface Response {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeInstall {
  teamId: string;
  teamName?: string;
  botToken: string;
  botUserId?: string;
  /** With token rotation on: the refresh token and the access token's lifetime in seconds. */
  refreshToken?: string;
  expiresIn?: number;
}


/**
 * error: `{ok:false,error}`; ratelimit: HTTP 429 with Retry-After; reset: Slack accepts the call (a
 * post is recorded) and then the connection drops before the answer; hang: Slack accepts the call but
 * its answer never comes (until release()); status: an HTTP error status after accepting the call.
 */
type Failure =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimit'; retryAfter: number }
  | { kind: 'reset'; accepted?: boolean }
  | { kind: 'hang' }
  | { kind: 'status'; status: number };

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

export class FakeSlack {
  readonly calls: Call[] = [];
  readonly responses: Response[] = [];
  readonly #failures = new Map<string, Failure[]>();
  #server: Server | null = null;
  #ts = 1_700_000_000;
  port = 0;
  botUserId = 'UBOT';
  botId = 'BBOT';
  /** users.info's `tz` per user; others get Europe/London. */
  readonly userTz = new Map<string, string>();
  /** When set, message ts follow this clock (epoch ms), as Slack's follow real time; otherwise a counter. */
  clock: (() => number) | null = null;
  #seq = 0;
  /** OAuth installs: the `code` Slack would hand the installer's browser → what oauth.v2.access returns for it. */
  readonly installs = new Map<string, FakeInstall>();
  /** Bot tokens issued (by install or rotation) → their workspace; auth.test answers with it. */
  readonly tokenTeams = new Map<string, string>();
  /** Refresh tokens not yet used (Slack revokes one once it is used) → the install it refreshes. */
  readonly #refresh = new Map<string, FakeInstall>();
  #rotation = 0;
  /** Messages posted with chat.postMessage, per channel, as conversations.history returns them. */
  readonly messages = new Map<string, { ts: string; text: unknown; bot_id: string; thread_ts?: string; metadata?: unknown }[]>();
  /** Calls held by a 'hang' failure, answered (or dropped) by release(). */
  readonly #hung: (() => void)[] = [];
  /** Per-channel rate limit for chat.postMessage, like Slack's: `burst` posts, then one per `perMs`. */
  channelLimit: { burst: number; perMs: number; retryAfter: number } | null = null;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  /** Answer every hung call now (as Slack would, late). */
  release(): void {
    for (const f of this.#hung.splice(0)) f();
  }

  get hungCount(): number {
    return this.#hung.length;
  }

  #limited(channel: string): boolean {
    const l = this.channelLimit;
    if (!l) return false;
    const now = Date.now();
    const b = this.#buckets.get(channel) ?? { tokens: l.burst, at: now };
    b.tokens = Math.min(l.burst, b.tokens + (now - b.at) / l.perMs);
    b.at = now;
    this.#buckets.set(channel, b);
    if (b.tokens < 1) return true;
    b.tokens -= 1;
    return false;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** Make the next `times` calls to `method` fail. */
  fail(method: string, failure: Failure, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  reset(): void {
    this.messages.clear();
    this.clock = null;
    this.calls.length = 0;
    this.responses.length = 0;
    this.#failures.clear();
    this.channelLimit = null;
    this.#buckets.clear();
    this.#hung.length = 0;
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = req.url ?? '';
        if (url.startsWith('/respond/')) {
          this.responses.push({ id: url.slice('/respond/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown> });
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
          return;
        }
        if (!url.startsWith('/api/')) {
          res.writeHead(404);
          res.end();
          return;
        }
        const method = url.slice('/api/'.length).split('?')[0]!;
        const body = this.#decode(raw, req.headers['content-type'] ?? '');
        const failure = this.#failures.get(method)?.shift();
        const call: Call = { method, body, headers: req.headers };
        this.calls.push(call);
        const l = this.channelLimit;
        if (failure?.kind === 'ratelimit' || (l && method === 'chat.postMessage' && this.#limited(String(body.channel)))) {
          res.writeHead(429, { 'retry-after': String(failure?.kind === 'ratelimit' ? failure.retryAfter : l!.retryAfter), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (failure?.kind === 'reset') {
          if (failure.accepted !== false) call.response = this.#answer(method, body, bearer);
          req.socket.destroy();
          return;
        }
        if (failure?.kind === 'status') {
          call.response = this.#answer(method, body, bearer);
          res.writeHead(failure.status, { 'content-type': 'text/plain' });
          res.end('server error');
          return;
        }
        if (failure?.kind === 'hang') {
          // Accepted (a post is in the channel) but the answer is held back.
          const late = this.#answer(method, body, bearer);
          call.response = late;
          this.#hung.push(() => {
            if (res.writableEnded || req.socket.destroyed) return;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(late));
          });
          return;
        }
        const answer = failure?.kind === 'error' ? { ok: false, error: failure.error } : this.#answer(method, body, bearer);
        call.response = answer;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#hung.length = 0;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  /** Poll until `predicate` holds, or fail after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}; responses: ${this.responses.length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  #decode(raw: string, contentType: string): Record<string, unknown> {
    if (contentType.startsWith('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
    }
    return out;
  }

  /** oauth.v2.access: exchange an install's code, or a refresh token (rotation), for a bot token. */
  #oauth(body: Record<string, unknown>): Record<string, unknown> {
    if (body.client_id !== this.clientId) return { ok: false, error: 'invalid_client_id' };
    if (body.client_secret !== this.clientSecret) return { ok: false, error: 'bad_client_secret' };
    let inst: FakeInstall | undefined;
    if (body.grant_type === 'refresh_token') {
      inst = this.#refresh.get(String(body.refresh_token));
      if (!inst) return { ok: false, error: 'invalid_refresh_token' };
      this.#refresh.delete(String(body.refresh_token));
      const n = ++this.#rotation;
      // Rotated tokens live 12 hours, as Slack's do.
      inst = { ...inst, botToken: `${inst.botToken.replace(/-r\d+$/, '')}-r${n}`, refreshToken: `xoxe-1-refresh-${inst.teamId}-r${n}`, expiresIn: 43_200 };
    } else {
      inst = this.installs.get(String(body.code));
      if (!inst) return { ok: false, error: 'invalid_code' };
      this.installs.delete(String(body.code)); // a code works once
    }
    this.tokenTeams.set(inst.botToken, inst.teamId);
    if (inst.refreshToken) this.#refresh.set(inst.refreshToken, inst);
    const rotation = inst.refreshToken ? { refresh_token: inst.refreshToken, expires_in: inst.expiresIn ?? 43_200 } : {};
    if (body.grant_type === 'refresh_token') return { ok: true, token_type: 'bot', access_token: inst.botToken, ...rotation };
    return {
      ok: true,
      app_id: 'A1',
      authed_user: { id: 'UINSTALLER' },
      scope: 'commands,chat:write,app_mentions:read,channels:history,groups:history,im:history,users:read',
      token_type: 'bot',
      access_token: inst.botToken,
      bot_user_id: inst.botUserId ?? this.botUserId,
      team: { id: inst.teamId, name: inst.teamName ?? inst.teamId },
      enterprise: null,
      is_enterprise_install: false,
      ...rotation,
    };
  }

  clientId = '123.456';
  clientSecret = 'fake-client-secret';

  #answer(method: string, body: Record<string, unknown>, bearer?: string): Record<string, unknown> {
    switch (method) {
      case 'auth.test': {
        const team = this.tokenTeams.get(String(body.token ?? bearer ?? '')) ?? 'T1';
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'infercost', team_id: team, user_id: this.botUserId, bot_id: this.botId };
      }
      case 'oauth.v2.access':
        return this.#oauth(body);
      case 'chat.postMessage': {
        const ts = this.clock ? `${Math.floor(this.clock() / 1000)}.${String(++this.#seq).padStart(6, '0')}` : `${this.#ts++}.000100`;
        const channel = String(body.channel);
        const list = this.messages.get(channel) ?? [];
        list.push({ ts, text: body.text, bot_id: this.botId, ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}), ...(body.metadata ? { metadata: body.metadata } : {}) });
        this.messages.set(channel, list);
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
        // Top-level messages only, newest first, as Slack returns them.
        const list = (this.messages.get(String(body.channel)) ?? []).filter((m) => Number(m.ts) >= oldest && (m.thread_ts === undefined || m.thread_ts === m.ts));
        return { ok: true, messages: [...list].reverse().map((m) => (withMetadata ? m : { ...m, metadata: undefined })), has_more: false };
      }
      case 'conversations.replies': {
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
        const root = String(body.ts);
        const list = (this.messages.get(String(body.channel)) ?? []).filter((m) => (m.ts === root || m.thread_ts === root) && Number(m.ts) >= oldest);
        return { ok: true, messages: list.map((m) => (withMetadata ? m : { ...m, metadata: undefined })), has_more: false };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: body.channel, is_member: true, is_archived: false } };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.#ts++}.000200` };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: 'V1', ...(body.view as object) } };
      case 'users.info':
        return { ok: true, user: { id: body.user, tz: this.userTz.get(String(body.user)) ?? 'Europe/London', tz_label: 'Greenwich Mean Time', tz_offset: 0 } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
