// Node's module compile cache for our entry points (the Slack app and the CLI). A quiet optimization:
// when it cannot be enabled (read-only disk, disabled by NODE_DISABLE_COMPILE_CACHE) everything runs
// the same, only the start is slower.
import * as nodeModule from 'node:module';

export function enableCompileCache(): void {
  try {
    const r = nodeModule.enableCompileCache();
    // Worker threads (the compute pool) inherit the cache through the environment.
    if (r.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = r.directory;
  } catch {
    // Not available: start without it.
  }
}
