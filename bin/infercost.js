#!/usr/bin/env node
// Entry for `npx infercost`: Node 24 runs our TypeScript directly (type stripping), so there is no build step.
import '../src/cli/main.ts';
