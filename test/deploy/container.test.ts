// `docker build` is not available everywhere, so this checks the Dockerfile's essentials by reading
// it (multi-stage, non-root, a HEALTHCHECK on /healthz, an init as PID 1 that forwards signals, node
// started directly in exec form) and that compose.yaml parses into PostgreSQL plus two replicas
// sharing it behind the load balancer.

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/slack/config.ts';

const root = new URL('../../', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), 'utf8');

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)\s+(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    });
}

describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
  const runtime = all.slice(lastFrom);

  it('is multi-stage, on Node 24, and the runtime copies only production dependencies from a stage', () => {
    const froms = all.filter((i) => i.op === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f.args).toMatch(/^node:24[-.]/);
    expect(all.some((i) => i.op === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(runtime.some((i) => i.op === 'COPY' && /--from=\w+/.test(i.args) && i.args.includes('node_modules'))).toBe(true);
    // Everything the app reads at run time is copied, and exists.
    for (const dir of ['src', 'pricing', 'intents']) {
      expect(runtime.some((i) => i.op === 'COPY' && i.args.startsWith(`${dir} `))).toBe(true);
      expect(existsSync(new URL(dir, root))).toBe(true);
    }
  });

  it('runs as a non-root user', () => {
    const users = runtime.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the command runs (and after the last RUN that needs root).
    const lastUser = runtime.lastIndexOf(users.at(-1)!);
    const lastRun = runtime.map((i) => i.op).lastIndexOf('RUN');
    expect(lastUser).toBeGreaterThan(lastRun);
  });

  it('has a HEALTHCHECK on /healthz', () => {
    const hc = runtime.find((i) => i.op === 'HEALTHCHECK');
    expect(hc).toBeDefined();
    expect(hc!.args).toContain('/healthz');
    expect(hc!.args).not.toMatch(/^NONE/);
  });

  it('starts node under an init that forwards signals, in exec form, not through npm', () => {
    const entry = runtime.filter((i) => i.op === 'ENTRYPOINT').at(-1);
    const cmd = runtime.filter((i) => i.op === 'CMD').at(-1);
    expect(entry).toBeDefined();
    expect(cmd).toBeDefined();
    // Exec form (a JSON array): a shell form would make /bin/sh PID 1, which does not forward SIGTERM.
    const entryArgv = JSON.parse(entry!.args) as string[];
    const cmdArgv = JSON.parse(cmd!.args) as string[];
    expect(entryArgv[0]).toMatch(/(^|\/)(tini|dumb-init)$/);
    expect(runtime.some((i) => i.op === 'RUN' && /install .*\btini\b/.test(i.args))).toBe(true);
    expect(cmdArgv[0]).toBe('node');
    expect(cmdArgv).not.toContain('npm');
    const script = cmdArgv.slice(1).find((a) => !a.startsWith('-'));
    expect(existsSync(new URL(script!, root))).toBe(true);
  });

  it('starts node with the same flags as `npm start` (the memory limits of bench/README.md)', () => {
    const cmd = JSON.parse(runtime.filter((i) => i.op === 'CMD').at(-1)!.args) as string[];
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } };
    const malloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
    const defaults = Object.entries(malloc).map(([k, v]) => `${k}=\${${k}:-${v}}`);
    expect(pkg.scripts.start).toBe(`${defaults.join(' ')} exec ${cmd.join(' ')}`);
    for (const [k, v] of Object.entries(malloc)) expect(read('Dockerfile')).toMatch(new RegExp(`^\\s*${k}=${v}( \\\\)?$`, 'm'));
    expect(cmd).toContain('--max-semi-space-size=4');
    expect(cmd).toContain('--max-old-space-size=512');
  });

  it('sets only environment variables the configuration knows', () => {
    const env = runtime.filter((i) => i.op === 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)=/g)].map((m) => m[1]!));
    // MALLOC_* are glibc's (the memory figures of bench/README.md), not the app's.
    for (const k of env.filter((k) => !k.startsWith('NODE_') && !k.startsWith('MALLOC_'))) expect(CONFIG_KEYS as readonly string[]).toContain(k);
  });
});

describe('compose.yaml', () => {
  type Service = { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: Record<string, { condition?: string }> | string[]; healthcheck?: { test: string[] }; volumes?: string[] };
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

  it('parses into PostgreSQL and two app replicas that share it, each waiting for the database', () => {
    const { services } = compose;
    expect(services.db?.image).toMatch(/^postgres:\d+/);
    expect(services.db?.healthcheck?.test.join(' ')).toContain('pg_isready');
    const apps = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(apps.map(([n]) => n).sort()).toEqual(['app-1', 'app-2']);
    for (const [, s] of apps) {
      expect(s.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@db:5432\//);
      expect((s.depends_on as Record<string, { condition?: string }>).db?.condition).toBe('service_healthy');
      expect(s.healthcheck?.test.join(' ')).toContain('/readyz');
      for (const k of Object.keys(s.environment ?? {})) expect(CONFIG_KEYS as readonly string[]).toContain(k);
    }
  });

  it('puts a load balancer in front of both replicas', () => {
    const lb = compose.services.lb!;
    expect(lb.image).toMatch(/^nginx/);
    const conf = read('deploy/nginx.conf');
    expect(conf).toContain('server app-1:3000');
    expect(conf).toContain('server app-2:3000');
    expect(lb.volumes?.some((v) => v.startsWith('./deploy/nginx.conf:'))).toBe(true);
  });
});
