#!/usr/bin/env node
// Entry for `npx infercost`: Node 24 runs our TypeScript directly (type stripping), so there is no
// build step. The compile cache keeps the stripped and compiled modules on disk for the next run.
import { enableCompileCache } from '../src/compile-cache.ts';

enableCompileCache();
await import('../src/cli/main.ts');
