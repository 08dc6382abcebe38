// Imported first by every benchmark child: it exits when the parent's IPC channel closes (the
// parent died or finished) and after a hard lifetime cap, so no child outlives a benchmark run.

const cap = Number(process.env.BENCH_MAX_LIFETIME_MS ?? 600_000);
setTimeout(() => process.exit(3), Number.isFinite(cap) && cap > 0 ? cap : 600_000).unref();
if (process.connected) process.on('disconnect', () => process.exit(0));
