// Child processes for the benchmarks: spawn with an IPC channel (children exit when it closes),
// keep the tail of stderr for error messages, wait for /healthz, read RSS, and kill every child
// when the benchmark exits, however it exits.

import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { sleep } from './stats.ts';

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const c of live) c.kill('SIGKILL');
    process.exit(130);
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  stderrTail(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Send an IPC message and wait for the next reply of `type` (bounded). */
  ask<T>(message: unknown, type: string, timeoutMs?: number): Promise<T>;
}

export interface SpawnOptions {
  env: Record<string, string>;
  cwd: string;
  /** Where the child's stdout goes (its logs); ignored when unset. */
  logFile?: string;
  maxLifetimeMs: number;
  /** Node options before the script, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export function spawnChild(name: string, script: string, o: SpawnOptions): Child {
  const fd = o.logFile ? openSync(o.logFile, 'a') : null;
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), script], {
    cwd: o.cwd,
    // Only what the child needs: no inherited tokens or settings from the developer's shell.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', BENCH_MAX_LIFETIME_MS: String(o.maxLifetimeMs), ...o.env },
    stdio: ['ignore', fd ?? 'ignore', 'pipe', 'ipc'],
  });
  if (fd !== null) closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not spawn ${name}`);
  live.add(proc);
  let tail = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (s: string) => {
    tail = (tail + s).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      live.delete(proc);
      resolve(code);
    });
  });
  return {
    name,
    proc,
    pid: proc.pid,
    spawnedAt,
    stderrTail: () => tail,
    exited,
    async stop(graceMs = 3000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
    ask<T>(message: unknown, type: string, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (m: unknown) => {
          if (m && typeof m === 'object' && (m as { type?: unknown }).type === type) {
            clearTimeout(timer);
            proc.off('message', onMessage);
            resolve(m as T);
          }
        };
        const timer = setTimeout(() => {
          proc.off('message', onMessage);
          reject(new Error(`${name} did not answer ${JSON.stringify(message)} within ${timeoutMs} ms`));
        }, timeoutMs);
        proc.on('message', onMessage);
        if (message !== undefined) proc.send(message as string);
      });
    },
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function healthz(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** One GET /healthz: its round trip in ms when it answers 200, else null. */
export async function probeHealthz(port: number, timeoutMs = 1000): Promise<number | null> {
  const t = performance.now();
  const ok = await healthz(port, timeoutMs);
  return ok ? performance.now() - t : null;
}

/** Poll GET /healthz every `everyMs` until it answers 200; ms since the child was spawned. */
export async function waitHealthy(child: Child, port: number, timeoutMs = 20_000, everyMs = 2): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (performance.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before it was ready:\n${child.stderrTail()}`);
    if (await healthz(port)) return performance.now() - child.spawnedAt;
    await sleep(everyMs);
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs} ms:\n${child.stderrTail()}`);
}

/** Resident set size of a process in MB (Linux /proc; null elsewhere). */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
