// Property tests explore new random cases on developers' machines; in CI they replay a fixed seed so a
// submission's result does not depend on the draw. Set FC_SEED to replay a failure locally.
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261129 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
