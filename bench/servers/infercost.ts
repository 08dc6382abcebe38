// InferCost as it runs in production (src/slack/main.ts: config from the environment, SQLite store,
// auth.test, HTTP mode), behind the same lifetime guard as the other benchmark children.

import './guard.ts';
import '../../src/slack/main.ts';
