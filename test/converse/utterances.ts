// The follow-up table: utterance → intent and, for changes, the resulting workload fields. Each row
// is read against a thread whose workload is BASE (an LLM) unless `base: 'bert'` says otherwise.
import type { IntentName } from '../../src/core/converse/intents.ts';

export const BASE = '5M req/month 7B model p95 200ms';
export const BERT = 'bert-base classifier, 2M requests a day, p99 50ms';

export interface Row {
  say: string;
  intent: IntentName;
  base?: 'bert';
  /** requestsPerMonth after ÷ before. */
  times?: number;
  /** Workload fields after the change (dotted paths). */
  set?: Record<string, unknown>;
  /** compare: option ids in order; explain: the option asked about (null: the recommendation). */
  targets?: string[];
  target?: string | null;
  mode?: 'list' | 'change';
  name?: string | null;
  /** project: compounded traffic factor (with now = 2026-11-29). */
  factor?: number;
}

export const WHAT_IF: Row[] = [
  // volume
  { say: 'what if traffic triples?', intent: 'what-if', times: 3 },
  { say: 'what if traffic doubles?', intent: 'what-if', times: 2 },
  { say: 'double the traffic', intent: 'what-if', times: 2 },
  { say: 'and if it doubled?', intent: 'what-if', times: 2 },
  { say: 'what if we get twice the requests', intent: 'what-if', times: 2 },
  { say: 'what if volume quadruples', intent: 'what-if', times: 4 },
  { say: 'half the traffic?', intent: 'what-if', times: 0.5 },
  { say: 'what if we cut traffic in half?', intent: 'what-if', times: 0.5 },
  { say: 'what if traffic is halved', intent: 'what-if', times: 0.5 },
  { say: '×3', intent: 'what-if', times: 3 },
  { say: 'traffic x3', intent: 'what-if', times: 3 },
  { say: 'what about 10x traffic?', intent: 'what-if', times: 10 },
  { say: '3x the volume', intent: 'what-if', times: 3 },
  { say: 'what if we have 5 times the traffic', intent: 'what-if', times: 5 },
  { say: 'traffic +20%', intent: 'what-if', times: 1.2 },
  { say: 'what if traffic goes up 20%?', intent: 'what-if', times: 1.2 },
  { say: 'what if traffic is 50% higher', intent: 'what-if', times: 1.5 },
  { say: '30% more requests', intent: 'what-if', times: 1.3 },
  { say: 'what if traffic drops 40%', intent: 'what-if', times: 0.6 },
  { say: 'and with 25% less traffic?', intent: 'what-if', times: 0.75 },
  { say: 'what if volume grows by a factor of 8', intent: 'what-if', times: 8 },
  { say: '50M requests', intent: 'what-if', set: { requestsPerMonth: 50e6 } },
  { say: 'what if we get 50M requests a month?', intent: 'what-if', set: { requestsPerMonth: 50e6 } },
  { say: 'what about 1M requests per month', intent: 'what-if', set: { requestsPerMonth: 1e6 } },
  { say: 'and at 200k requests a day?', intent: 'what-if', set: { requestsPerMonth: (200e3 / 86400) * 730 * 3600 } },
  { say: 'what if it is 20 rps', intent: 'what-if', set: { requestsPerMonth: 20 * 730 * 3600 } },
  { say: 'what if the peak is 50 rps?', intent: 'what-if', set: { peakRps: 50 } },
  { say: 'what if traffic is spiky?', intent: 'what-if', set: { pattern: 'spiky', peakToAverage: 5 } },
  { say: 'what if it only runs during business hours', intent: 'what-if', set: { pattern: 'business-hours', peakToAverage: 3 } },
  { say: 'steady traffic instead', intent: 'what-if', set: { pattern: 'steady', peakToAverage: 1.5 } },
  // model
  { say: 'what about a 13B model?', intent: 'what-if', set: { 'model.params': 13e9, 'model.knownId': null, 'model.kind': 'llm' } },
  { say: 'what if we use a 70B model', intent: 'what-if', set: { 'model.params': 70e9 } },
  { say: 'what if we use llama 3 70b', intent: 'what-if', set: { 'model.knownId': 'llama-3-70b' } },
  { say: 'what about llama 3.1 8b?', intent: 'what-if', set: { 'model.knownId': 'llama-3.1-8b' } },
  { say: 'switch to mistral 7b', intent: 'what-if', set: { 'model.knownId': 'mistral-7b-instruct' } },
  { say: 'try qwen2.5 14b', intent: 'what-if', set: { 'model.knownId': 'qwen2.5-14b' } },
  { say: 'and with mixtral 8x7b?', intent: 'what-if', set: { 'model.knownId': 'mixtral-8x7b' } },
  { say: 'what about gemma 2 9b', intent: 'what-if', set: { 'model.knownId': 'gemma-2-9b' } },
  { say: 'a 3B model instead', intent: 'what-if', set: { 'model.params': 3e9 } },
  { say: 'what if the model were 1.5B params', intent: 'what-if', set: { 'model.params': 1.5e9 } },
  { say: 'what about distilbert?', intent: 'what-if', base: 'bert', set: { 'model.knownId': 'distilbert', tokens: null } },
  { say: 'what if we use bert-large', intent: 'what-if', base: 'bert', set: { 'model.knownId': 'bert-large' } },
  { say: 'llama 3 70b in int8', intent: 'what-if', set: { 'model.knownId': 'llama-3-70b', 'model.precision': 'int8' } },
  // precision
  { say: 'and with int8?', intent: 'what-if', set: { 'model.precision': 'int8', 'model.sizeBytes': 7e9 } },
  { say: 'with int8', intent: 'what-if', set: { 'model.precision': 'int8' } },
  { say: 'what if we quantize to 4-bit?', intent: 'what-if', set: { 'model.precision': 'int4', 'model.sizeBytes': 3.5e9 } },
  { say: 'what about AWQ', intent: 'what-if', set: { 'model.precision': 'int4' } },
  { say: 'use fp8', intent: 'what-if', set: { 'model.precision': 'fp8' } },
  { say: 'what if it was quantized?', intent: 'what-if', set: { 'model.precision': 'int8' } },
  { say: 'in fp32', intent: 'what-if', set: { 'model.precision': 'fp32', 'model.sizeBytes': 28e9 } },
  { say: 'and with 8-bit weights?', intent: 'what-if', set: { 'model.precision': 'int8' } },
  { say: 'int8 on the bert', intent: 'what-if', base: 'bert', set: { 'model.precision': 'int8' } },
  // latency
  { say: 'p99 100ms', intent: 'what-if', set: { 'latency.percentile': 99, 'latency.ms': 100 } },
  { say: 'what if the target is p99 100ms?', intent: 'what-if', set: { 'latency.percentile': 99, 'latency.ms': 100 } },
  { say: 'what about a 1s latency target', intent: 'what-if', set: { 'latency.ms': 1000, 'latency.percentile': 95 } },
  { say: 'with p95 under 2 seconds', intent: 'what-if', set: { 'latency.ms': 2000 } },
  { say: 'relax the latency to 500ms', intent: 'what-if', set: { 'latency.ms': 500 } },
  { say: 'what if p50 is 300 ms', intent: 'what-if', set: { 'latency.percentile': 50, 'latency.ms': 300 } },
  { say: 'and with a p99 of 1s?', intent: 'what-if', set: { 'latency.percentile': 99, 'latency.ms': 1000 } },
  { say: 'what if it is 2s end to end', intent: 'what-if', set: { 'latency.ms': 2000, 'latency.measures': 'e2e' } },
  { say: 'TTFT under 300ms', intent: 'what-if', set: { 'latency.ms': 300, 'latency.measures': 'ttft' } },
  { say: 'p99 20ms', intent: 'what-if', base: 'bert', set: { 'latency.percentile': 99, 'latency.ms': 20, 'latency.measures': 'e2e' } },
  // cloud
  { say: 'on GCP instead', intent: 'what-if', set: { cloud: 'gcp' } },
  { say: 'what if we are on azure', intent: 'what-if', set: { cloud: 'azure' } },
  { say: 'AWS only', intent: 'what-if', set: { cloud: 'aws' } },
  { say: 'what about google cloud?', intent: 'what-if', set: { cloud: 'gcp' } },
  { say: 'what if we run in eu-west-1', intent: 'what-if', set: { cloud: 'aws', region: 'eu-west-1' } },
  { say: 'any cloud is fine', intent: 'what-if', set: { cloud: null } },
  // tokens
  { say: '2000 in 500 out', intent: 'what-if', set: { tokens: { input: 2000, output: 500 } } },
  { say: 'what if prompts are 4k input tokens', intent: 'what-if', set: { tokens: { input: 4000, output: 200 } } },
  { say: 'with 1000 output tokens', intent: 'what-if', set: { tokens: { input: 500, output: 1000 } } },
  { say: 'what about 1500 prompt tokens and 300 completion tokens', intent: 'what-if', set: { tokens: { input: 1500, output: 300 } } },
  { say: 'and with 700 tokens per request?', intent: 'what-if', set: { tokens: { input: 500, output: 200 } } },
  // cache
  { say: 'what if 30% of requests are cache hits', intent: 'what-if', set: { cacheHitRate: 0.3 } },
  { say: 'with a 40% cache hit rate', intent: 'what-if', set: { cacheHitRate: 0.4 } },
  { say: 'no cache', intent: 'what-if', set: { cacheHitRate: 0 } },
  // spot, compute, hosting, budget, async
  { say: 'what if spot is ok?', intent: 'what-if', set: { spotOk: true } },
  { say: 'spot allowed', intent: 'what-if', set: { spotOk: true } },
  { say: 'with spot instances', intent: 'what-if', set: { spotOk: true } },
  { say: 'what about preemptible vms', intent: 'what-if', set: { spotOk: true } },
  { say: 'no spot', intent: 'what-if', set: { spotOk: false } },
  { say: 'CPU only', intent: 'what-if', set: { computeConstraint: 'cpu' } },
  { say: 'what if we run it on CPU?', intent: 'what-if', set: { computeConstraint: 'cpu' } },
  { say: 'without a gpu', intent: 'what-if', set: { computeConstraint: 'cpu' } },
  { say: 'what about on GPU', intent: 'what-if', base: 'bert', set: { computeConstraint: 'gpu' } },
  { say: 'what if we self-host?', intent: 'what-if', set: { selfHostedOnly: true } },
  { say: 'self-hosted only', intent: 'what-if', set: { selfHostedOnly: true } },
  { say: 'what if data must stay in our VPC', intent: 'what-if', set: { selfHostedOnly: true } },
  { say: 'what if we host it ourselves', intent: 'what-if', set: { selfHostedOnly: true } },
  { say: 'budget $300/month', intent: 'what-if', set: { budgetUsdPerMonth: 300 } },
  { say: 'what if our budget is $2,000 a month', intent: 'what-if', set: { budgetUsdPerMonth: 2000 } },
  { say: 'what if it can be batch?', intent: 'what-if', set: { asyncOk: true } },
  { say: 'async is fine', intent: 'what-if', set: { asyncOk: true } },
  // combined
  { say: 'what if traffic triples and we use int8?', intent: 'what-if', times: 3, set: { 'model.precision': 'int8' } },
  { say: 'on GCP with spot', intent: 'what-if', set: { cloud: 'gcp', spotOk: true } },
  { say: 'and CPU only with 50% cache hits', intent: 'what-if', set: { computeConstraint: 'cpu', cacheHitRate: 0.5 } },
  { say: 'double the traffic on azure', intent: 'what-if', times: 2, set: { cloud: 'azure' } },
];

export const ASSUMPTIONS: Row[] = [
  { say: 'what did you assume?', intent: 'assumptions', mode: 'list' },
  { say: 'show the assumptions', intent: 'assumptions', mode: 'list' },
  { say: 'assumptions?', intent: 'assumptions', mode: 'list' },
  { say: 'what are the defaults?', intent: 'assumptions', mode: 'list' },
  { say: 'list your assumptions please', intent: 'assumptions', mode: 'list' },
  { say: 'assume 50% cache hits', intent: 'assumptions', mode: 'change', set: { cacheHitRate: 0.5 } },
  { say: 'assume p99 instead', intent: 'assumptions', mode: 'change', set: { 'latency.percentile': 99, 'latency.ms': 200 } },
  { say: "let's assume spot is fine", intent: 'assumptions', mode: 'change', set: { spotOk: true } },
  { say: 'assuming 1000 input tokens', intent: 'assumptions', mode: 'change', set: { tokens: { input: 1000, output: 200 } } },
  { say: 'assume steady traffic', intent: 'assumptions', mode: 'change', set: { pattern: 'steady', peakToAverage: 1.5 } },
  { say: 'assume int8', intent: 'assumptions', mode: 'change', set: { 'model.precision': 'int8' } },
  { say: 'assume we are on AWS', intent: 'assumptions', mode: 'change', set: { cloud: 'aws' } },
];

export const EXPLAIN: Row[] = [
  { say: 'why not Lambda?', intent: 'explain', target: 'aws-lambda' },
  { say: 'why not lambda', intent: 'explain', target: 'aws-lambda' },
  { say: 'why not AWS Lambda on arm?', intent: 'explain', target: 'aws-lambda' },
  { say: 'why not cloud run?', intent: 'explain', target: 'gcp-cloud-run' },
  { say: 'why not sagemaker serverless?', intent: 'explain', target: 'aws-sagemaker-serverless' },
  { say: "what's wrong with cloud run?", intent: 'explain', target: 'gcp-cloud-run' },
  { say: 'why is g5.xlarge not recommended?', intent: 'explain', target: 'aws-ec2-g5.xlarge' },
  { say: 'why not an API?', intent: 'explain' },
  { say: 'why not serverless?', intent: 'explain' },
  { say: 'why this one?', intent: 'explain', target: null },
  { say: 'why?', intent: 'explain', target: null },
  { say: 'explain the recommendation', intent: 'explain', target: null },
  { say: 'how did you get that number?', intent: 'explain', target: null },
  { say: 'why is it so expensive?', intent: 'explain', target: null },
  { say: 'what about lambda?', intent: 'explain', target: 'aws-lambda' },
  { say: 'what about sagemaker serverless?', intent: 'explain', target: 'aws-sagemaker-serverless' },
  { say: 'lambda?', intent: 'explain', target: 'aws-lambda' },
  { say: 'why not together?', intent: 'explain' },
  { say: 'why not replicate a100', intent: 'explain', target: 'replicate-gpu-a100-large' },
  { say: 'how come not kubernetes?', intent: 'explain' },
];

export const COMPARE: Row[] = [
  { say: 'compare g5 and Cloud Run', intent: 'compare', base: 'bert', targets: ['aws-ec2-g5.xlarge', 'gcp-cloud-run'] },
  { say: 'lambda vs g5.xlarge', intent: 'compare', targets: ['aws-lambda', 'aws-ec2-g5.xlarge'] },
  { say: 'compare lambda and cloud run', intent: 'compare', targets: ['aws-lambda', 'gcp-cloud-run'] },
  { say: 'sagemaker serverless versus replicate a100', intent: 'compare', targets: ['aws-sagemaker-serverless', 'replicate-gpu-a100-large'] },
  { say: 'cloud run gpu vs modal l4', intent: 'compare', targets: ['gcp-cloud-run-gpu', 'modal-l4'] },
  { say: 'side by side lambda and cloud run', intent: 'compare', targets: ['aws-lambda', 'gcp-cloud-run'] },
  { say: 'g5.xlarge or inf2.xlarge?', intent: 'compare', targets: ['aws-ec2-g5.xlarge', 'aws-ec2-inf2.xlarge'] },
  { say: 'which is cheaper, runpod l4 or modal l4?', intent: 'compare', targets: ['runpod-l4', 'modal-l4'] },
  { say: 'compare a100 on replicate vs modal h100', intent: 'compare' },
  { say: 'how does together compare to modal?', intent: 'compare' },
  { say: 'compare lambda, cloud run and sagemaker serverless', intent: 'compare', targets: ['aws-lambda', 'gcp-cloud-run', 'aws-sagemaker-serverless'] },
  { say: 'is lambda cheaper than cloud run?', intent: 'compare', targets: ['aws-lambda', 'gcp-cloud-run'] },
  { say: 'g5 vs g6', intent: 'compare', base: 'bert' },
  { say: 'difference between ec2 and sagemaker', intent: 'compare' },
  { say: 'lambda against cloud run', intent: 'compare', targets: ['aws-lambda', 'gcp-cloud-run'] },
];

export const OPTIMIZE: Row[] = [
  { say: 'how do we cut this in half?', intent: 'optimize' },
  { say: 'how can we make this cheaper?', intent: 'optimize' },
  { say: 'how do we save money?', intent: 'optimize' },
  { say: 'optimize', intent: 'optimize' },
  { say: 'any way to reduce the cost?', intent: 'optimize' },
  { say: 'how do we lower the bill?', intent: 'optimize' },
  { say: 'cost savings?', intent: 'optimize' },
  { say: "what's the cheapest way to run this?", intent: 'optimize' },
  { say: 'this is too expensive', intent: 'optimize' },
  { say: 'ideas to cut costs', intent: 'optimize' },
  { say: 'can we spend less?', intent: 'optimize' },
  { say: 'cheaper?', intent: 'optimize' },
];

export const PROJECT: Row[] = [
  { say: 'traffic grows 20% a month, what do we pay in June?', intent: 'project', factor: 1.2 ** 7 },
  { say: 'if we grow 10% per month what will it cost in 6 months?', intent: 'project', factor: 1.1 ** 6 },
  { say: 'we double every 3 months, what do we pay in 6 months?', intent: 'project', factor: 4 },
  { say: 'growth of 50% a year, what about in 2 years?', intent: 'project', factor: 2.25 },
  { say: 'with 15% monthly growth, cost in a year?', intent: 'project', factor: 1.15 ** 12 },
  { say: '5% month over month growth, what do we pay by March?', intent: 'project', factor: 1.05 ** 4 },
  { say: 'traffic grows 20% a month', intent: 'project', factor: 1.2 ** 12 },
  { say: 'traffic shrinks 10% a month, cost in 3 months?', intent: 'project', factor: 0.9 ** 3 },
  { say: 'project 30% growth per quarter for a year', intent: 'project', factor: 1.3 ** 4 },
];

export const SAVE: Row[] = [
  { say: 'save this as chatbot-prod', intent: 'save', name: 'chatbot-prod' },
  { say: 'save as search embeddings', intent: 'save', name: 'search embeddings' },
  { say: 'remember this as "support bot"', intent: 'save', name: 'support bot' },
  { say: 'keep this as fraud-scoring', intent: 'save', name: 'fraud-scoring' },
  { say: 'please save it', intent: 'save', name: null },
  { say: 'call it nightly-batch', intent: 'save', name: 'nightly-batch' },
  { say: 'add this to the digest', intent: 'save', name: null },
];

export const NEW_WORKLOAD: Row[] = [
  { say: '5M req/month 13B model p95 300ms', intent: 'new-workload', set: { 'model.params': 13e9, requestsPerMonth: 5e6 } },
  { say: 'llama-3-8b, 20 rps peak, 500 in / 200 out tokens, p95 TTFT 300ms, on GCP', intent: 'new-workload', set: { 'model.knownId': 'llama-3-8b', cloud: 'gcp' } },
  { say: 'new workload: bert-base classifier, 2M requests a day, p99 50ms', intent: 'new-workload', set: { 'model.knownId': 'bert-base' } },
  { say: 'start over', intent: 'undo' },
  { say: 'start over with 2M req/month llama 3 8b p95 500ms', intent: 'new-workload', set: { requestsPerMonth: 2e6 } },
  { say: 'undo', intent: 'undo' },
  { say: 'undo that', intent: 'undo' },
  { say: 'go back', intent: 'undo' },
  { say: 'reset', intent: 'undo' },
  { say: 'back to the original', intent: 'undo' },
  { say: "let's go with that", intent: 'adopt' },
  { say: 'ok, keep that', intent: 'adopt' },
  { say: 'compare with GCP', intent: 'compare', set: { cloud: 'gcp' } },
  { say: 'compare with int8', intent: 'compare', set: { 'model.precision': 'int8' } },
  { say: 'forget that, 100k requests a day on llama 3 70b p95 2s', intent: 'new-workload', set: { 'model.knownId': 'llama-3-70b' } },
  { say: 'distilbert 300K req/month p95 100ms', intent: 'new-workload', set: { 'model.knownId': 'distilbert' } },
];

export const HELP: Row[] = [
  { say: 'help', intent: 'help' },
  { say: 'what can you do?', intent: 'help' },
  { say: 'what can I ask?', intent: 'help' },
  { say: '?', intent: 'help' },
  { say: 'how does this work?', intent: 'help' },
];

/** Must not be read as any intent. */
export const UNKNOWN: Row[] = [
  { say: 'thanks!', intent: 'unknown' },
  { say: 'lol', intent: 'unknown' },
  { say: 'who is on call?', intent: 'unknown' },
  { say: 'what is the weather', intent: 'unknown' },
  { say: 'ok', intent: 'unknown' },
  { say: 'nice', intent: 'unknown' },
  { say: 'cool, ty', intent: 'unknown' },
  { say: ':+1:', intent: 'unknown' },
  { say: '<@U024BE7LH> can you look at this', intent: 'unknown' },
  { say: 'see https://example.com/pricing/2024', intent: 'unknown' },
  { say: 'I will ping you at 10:30', intent: 'unknown' },
  { say: 'lunch?', intent: 'unknown' },
  { say: 'good morning team', intent: 'unknown' },
  { say: 'v1.2.3 is out', intent: 'unknown' },
  { say: 'sounds good to me', intent: 'unknown' },
];

/** Must not match the wrong intent (the right one is given). */
export const CONFUSABLE: Row[] = [
  { say: 'what if we cut traffic in half', intent: 'what-if', times: 0.5 },
  { say: 'how do we cut this in half', intent: 'optimize' },
  { say: 'save money', intent: 'optimize' },
  { say: 'what if traffic goes up 20%', intent: 'what-if', times: 1.2 },
  { say: 'traffic goes up 20% a month', intent: 'project' },
  { say: 'why not Lambda?', intent: 'explain', target: 'aws-lambda' },
  { say: 'compare notes later', intent: 'unknown' },
  { say: 'help me with the on-call rota', intent: 'unknown' },
  { say: 'what if we use 50M requests on llama 3 70b?', intent: 'what-if', set: { requestsPerMonth: 50e6, 'model.knownId': 'llama-3-70b' } },
  { say: 'I assume you are a bot', intent: 'unknown' },
  { say: 'why is the sky blue', intent: 'unknown' },
];

export const ALL: Row[] = [...WHAT_IF, ...ASSUMPTIONS, ...EXPLAIN, ...COMPARE, ...OPTIMIZE, ...PROJECT, ...SAVE, ...NEW_WORKLOAD, ...HELP, ...UNKNOWN, ...CONFUSABLE];
