// A minimal stand-in for Slack's Web API and response_url endpoints, in its own process so its work
// does not land on the load generator's event loop. Loopback only. It answers auth.test and
// chat.postMessage like Slack, accepts response_url posts, and reports counts over IPC:
// the parent sends 'stats' and gets { type: 'stats', posted, responses, other, errors, rateLimited,
// burst, attempts, channels, maxPerChannel }.
//
// With BENCH_RATE_LIMIT_MS set (1000 for Slack's one message a second per channel), a second
// chat.postMessage to a channel within that window is refused as Slack does: HTTP 429, a
// Retry-After header in whole seconds and { ok: false, error: 'ratelimited' } — the stand-in the
// digest fan-out benchmark needs (see bench/README.md).
//
// With BENCH_BURST_SHARE set (0..1), that share of the channels have their first chat.postMessage
// refused the same way (a 429 with Retry-After: BENCH_BURST_RETRY_AFTER_S, default 1), spread evenly
// over the order the channels first arrive in: a burst of 429s, so the digest benchmark exercises
// the scheduler's retries. Counted apart from the per-channel limit (`burst`, not `rateLimited`).

import './guard.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let posted = 0;
let responses = 0;
let other = 0;
let errors = 0;
let ts = 1_700_000_000;
let rateLimited = 0;
const limitMs = Number(process.env.BENCH_RATE_LIMIT_MS ?? 0);
const burstShare = Math.min(1, Math.max(0, Number(process.env.BENCH_BURST_SHARE ?? 0) || 0));
const burstRetryAfterS = Math.max(1, Math.round(Number(process.env.BENCH_BURST_RETRY_AFTER_S ?? 1) || 1));
let burst = 0;
let attempts = 0;
/** Channels that have sent a chat.postMessage at all (the burst picks among their first attempts). */
const seen = new Set<string>();
/** Per channel: accepted messages and when the last one was accepted. */
const channels = new Map<string, { n: number; last: number }>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '';
    if (url.startsWith('/respond/')) {
      responses++;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const method = url.startsWith('/api/') ? url.slice('/api/'.length).split('?')[0] : '';
    let answer: Record<string, unknown>;
    if (method === 'auth.test') {
      other++;
      answer = { ok: true, url: 'https://bench.slack.invalid/', team: 'Bench', user: 'infercost', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };
    } else if (method === 'chat.postMessage') {
      const raw = Buffer.concat(chunks).toString('utf8');
      const channel = (req.headers['content-type'] ?? '').startsWith('application/json')
        ? String((JSON.parse(raw || '{}') as { channel?: unknown }).channel ?? '')
        : (new URLSearchParams(raw).get('channel') ?? '');
      attempts++;
      if (!seen.has(channel)) {
        seen.add(channel);
        // Evenly spread: the k-th new channel is refused when ⌊k·share⌋ steps up.
        if (Math.floor(seen.size * burstShare) > Math.floor((seen.size - 1) * burstShare)) {
          burst++;
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(burstRetryAfterS) });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
      }
      const now = performance.now();
      const c = channels.get(channel) ?? { n: 0, last: -Infinity };
      if (limitMs > 0 && now - c.last < limitMs) {
        rateLimited++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, Math.ceil((limitMs - (now - c.last)) / 1000))) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      channels.set(channel, { n: c.n + 1, last: now });
      posted++;
      answer = { ok: true, channel, ts: `${ts++}.000100` };
    } else {
      errors++;
      answer = { ok: false, error: 'unknown_method' };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});
server.keepAliveTimeout = 65_000;

server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port;
  process.send?.({ type: 'ready', port });
});

process.on('message', (m) => {
  if (m === 'stats') {
    let maxPerChannel = 0;
    for (const c of channels.values()) maxPerChannel = Math.max(maxPerChannel, c.n);
    process.send?.({ type: 'stats', posted, responses, other, errors, rateLimited, burst, attempts, channels: channels.size, maxPerChannel });
  }
});
