# InferCost's Slack app as a container. Node 24 runs the TypeScript directly (no build step), so the
# stages are: production dependencies, then a small runtime image that runs as a non-root user under
# tini (PID 1), which forwards SIGTERM to node so the app drains and closes the store (docs/deploy.md).
#
#   docker build -t infercost .
#   docker run --env-file .env -p 3000:3000 -v infercost-data:/data infercost
#
# The same image serves one process on the embedded SQLite store (INFERCOST_DATA_DIR=/data, a volume)
# or any number of replicas on PostgreSQL (DATABASE_URL): see compose.yaml.

# ---- 1. production dependencies, from the lockfile exactly ---------------------------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- 2. runtime ------------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    INFERCOST_DATA_DIR=/data \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json manifest.yml ./
COPY src ./src
COPY pricing ./pricing
COPY intents ./intents
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness: the process answers (never the database; /readyz is for the load balancer).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini is PID 1: it reaps zombies and forwards SIGTERM/SIGINT to node, node's own handler drains.
# Node is started directly (not through npm, which does not forward signals), with the same V8 flags
# as `npm start`: --max-semi-space-size=4 keeps the main thread's (and the store thread's) young
# generation at 8 MB (V8 otherwise grew the main thread's to 128 MB under load and kept it; 8 MB cost
# the acks nothing measurable); the compute workers set 16 for themselves (src/slack/compute.ts: a
# smaller one doubled a report's CPU), and --max-old-space-size=512 makes V8
# size the old generation for a 512 MB ceiling (heap growing factor ~1.5 instead of 4): after 10k
# commands the main thread kept 108 MB of old space for 39 MB live, with the cap 35 MB (bench/README.md).
# MALLOC_ARENA_MAX=2 (ENV above): glibc gives each thread (compute worker, store, libuv) its own malloc
# arena and keeps what they freed; two arenas took 10k commands from 389 to 347 MB RSS.
# MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_=131072: allocations of 128 KB or more get their own
# mapping, returned when freed (glibc otherwise raises the threshold to 32 MB as such blocks are freed,
# and keeps them in the arena); the main arena held 24 MB instead of 33-35 after 2,000 commands.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=512", "src/slack/main.ts"]
