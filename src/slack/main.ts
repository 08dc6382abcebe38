// `npm start`: turn on Node's compile cache, then start the app (server.ts). The cache keeps the
// type-stripped TypeScript and V8's compiled code on disk, so a restart skips most of the work of
// loading ~130 modules: it took the app's imports from ~0.8 s to ~0.5 s here. The first start
// fills it (in NODE_COMPILE_CACHE, or the OS temp directory); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from '../compile-cache.ts';

enableCompileCache();
await import('./server.ts');
