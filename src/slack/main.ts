// `npm start`: turn on Node's compile cache, begin opening the store, then start the app
// (server.ts). The compile cache keeps the type-stripped TypeScript and V8's compiled code on disk,
// so a restart skips most of the work of loading ~130 modules (the app's imports: ~0.8 s → ~0.5 s
// here); the first start fills it (in NODE_COMPILE_CACHE, or the OS temp directory), and
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. The store's thread boots while those modules load.
import { existsSync } from 'node:fs';
import { enableCompileCache } from '../compile-cache.ts';
import { openThreadedStore } from '../store/threaded-store.ts';
import { authTest } from './auth-test.ts';

enableCompileCache();
if (existsSync('.env')) process.loadEnvFile('.env');
// The same default as the configuration's (config.ts); server.ts opens it again if they differ.
// With DATABASE_URL the store is PostgreSQL, opened by server.ts.
const dataDir = process.env.INFERCOST_DATA_DIR?.trim() || './data';
const store = process.env.DATABASE_URL?.trim() ? undefined : openThreadedStore(dataDir);
store?.catch(() => {}); // reported by server.ts, after the configuration is checked
// The token check goes out now too; server.ts uses the answer if the configuration agrees.
const token = process.env.SLACK_BOT_TOKEN?.trim();
const apiUrl = process.env.SLACK_API_URL?.trim() || 'https://slack.com/api/';
const normalizedUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
const auth = token?.startsWith('xoxb-') ? authTest(normalizedUrl, token) : undefined;

const { startServer } = await import('./server.ts');
startServer({ ...(store ? { store, dataDir } : {}), ...(auth ? { auth, authFor: `${normalizedUrl}\u0000${token}` } : {}) }).catch((e: unknown) => {
  process.stderr.write(`InferCost failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
