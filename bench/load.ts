// The load generator: slash commands signed exactly as Slack signs them, sent over loopback HTTP
// on an open-loop schedule (a fixed rate, whatever the server does) or a closed loop (a fixed
// number of requests in flight). Every loop is bounded in count and time.

import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { CORPUS } from './corpus.ts';
import { round, summarize, type Summary } from './stats.ts';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-bench-0000000000-token';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

let trigger = 0;

/** A /infercost command as Slack sends it: unique trigger id, corpus text by turns, signed now. */
export function signedCommand(responseUrlBase: string): SignedRequest {
  const id = ++trigger;
  const entry = CORPUS[id % CORPUS.length]!;
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: `C${String(1 + (id % 50)).padStart(4, '0')}`,
    channel_name: 'ml-costs',
    user_id: `U${1 + (id % 20)}`,
    user_name: 'bench',
    command: '/infercost',
    text: entry.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: `${responseUrlBase}bench${id}`,
    trigger_id: `bench.${process.pid}.${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = 'v0=' + createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
  };
}

export function newAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 512 });
}

interface Sent {
  status: number;
  sentAt: number;
  doneAt: number;
}

function send(agent: Agent, port: number, r: SignedRequest, timeoutMs: number): Promise<Sent> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let settled = false;
    const done = (status: number) => {
      if (settled) return;
      settled = true;
      resolve({ status, sentAt, doneAt: performance.now() });
    };
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers: r.headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done(0));
    });
    req.on('error', () => done(0));
    req.on('timeout', () => {
      req.destroy();
      done(0);
    });
    req.end(r.body);
  });
}

export interface OpenLoopResult {
  rateRps: number;
  scheduled: number;
  ok: number;
  failed: number;
  /** Not sent because too many were in flight (the cap keeps a stalled server from running away). */
  skipped: number;
  durationS: number;
  throughputRps: number;
  /**
   * From the scheduled send time to the ack: includes any wait in the server's queue. Failed
   * requests count at their time to failure.
   */
  ackMs: Summary;
  /** From the actual send to the ack. */
  serviceMs: Summary;
  /** How late the generator itself sent (its own scheduling noise). */
  generatorLagMs: Summary;
  /** Raw ack latencies, for aggregating rounds (not written to the JSON). */
  samples?: number[];
  startedAt: number;
}

/** Send `reqs` at `rateRps` on a fixed schedule, then wait (bounded) for the last acks. */
export async function openLoop(port: number, reqs: SignedRequest[], rateRps: number, o: { maxInflight: number; timeoutMs: number }): Promise<OpenLoopResult> {
  const agent = newAgent();
  const interval = 1000 / rateRps;
  const t0 = performance.now() + 5;
  const pending: Promise<void>[] = [];
  const ack: number[] = [];
  const service: number[] = [];
  const lag: number[] = [];
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  let inflight = 0;
  let lastDone = t0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < reqs.length && t0 + next * interval <= now) {
        const i = next++;
        if (inflight >= o.maxInflight) {
          skipped++;
          continue;
        }
        inflight++;
        const due = t0 + i * interval;
        pending.push(
          send(agent, port, reqs[i]!, o.timeoutMs).then((s) => {
            inflight--;
            lastDone = Math.max(lastDone, s.doneAt);
            // A failed request (timeout, reset, Bolt's 404 after 3 s without an ack) stays in the
            // latency figures at its time to failure, a lower bound of what the user waited.
            if (s.status === 200) ok++;
            else failed++;
            ack.push(s.doneAt - due);
            service.push(s.doneAt - s.sentAt);
            lag.push(s.sentAt - due);
          }),
        );
      }
      if (next < reqs.length) setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  await Promise.all(pending); // each request is bounded by its own timeout
  agent.destroy();
  const durationS = (lastDone - t0) / 1000;
  return {
    rateRps,
    scheduled: reqs.length,
    ok,
    failed,
    skipped,
    durationS: round(durationS, 3),
    throughputRps: round(ok / durationS, 1),
    ackMs: summarize(ack, 2),
    serviceMs: summarize(service, 2),
    generatorLagMs: summarize(lag, 2),
    samples: ack,
    startedAt: t0,
  };
}

export interface ClosedLoopResult {
  concurrency: number;
  ok: number;
  failed: number;
  durationS: number;
  throughputRps: number;
  ackMs: Summary;
  /** Performance.now() at the start and at the last ack. */
  startedAt: number;
  endedAt: number;
}

/** `concurrency` workers, each sending the next request as soon as the last is acked, for `durationMs`. */
export async function closedLoop(
  port: number,
  next: () => SignedRequest,
  o: { concurrency: number; durationMs: number; maxRequests: number; timeoutMs: number; gate?: () => Promise<void> },
): Promise<ClosedLoopResult> {
  const agent = newAgent();
  const start = performance.now();
  const end = start + o.durationMs;
  const lat: number[] = [];
  let ok = 0;
  let failed = 0;
  let sent = 0;
  let lastDone = start;
  const worker = async () => {
    while (performance.now() < end && sent < o.maxRequests) {
      sent++;
      if (o.gate) await o.gate();
      const s = await send(agent, port, next(), o.timeoutMs);
      lastDone = Math.max(lastDone, s.doneAt);
      if (s.status === 200) {
        ok++;
        lat.push(s.doneAt - s.sentAt);
      } else failed++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  agent.destroy();
  const durationS = (lastDone - start) / 1000;
  return { concurrency: o.concurrency, ok, failed, durationS: round(durationS, 3), throughputRps: round(ok / durationS, 1), ackMs: summarize(lat, 2), startedAt: start, endedAt: lastDone };
}
