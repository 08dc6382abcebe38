// The benchmark corpus: workload descriptions as people type them into /infercost. Varied on
// purpose — LLMs from 0.5B to 671B, encoders, embeddings, vision, speech, diffusion, tabular; free
// text, key: value lines and JSON; latency, budget, cloud, region, CPU/GPU and other constraints —
// so the figures are not the cost of one lucky path through the parser and the engine.
// Every entry must parse to a report (bench/run.ts checks, and says which one does not).

export interface CorpusEntry {
  /** A short label for tables and errors. */
  id: string;
  kind: 'llm' | 'encoder' | 'embedding' | 'vision' | 'speech' | 'diffusion' | 'tabular' | 'size-only';
  text: string;
}

export const CORPUS: readonly CorpusEntry[] = [
  // ── LLMs, free text, many sizes ───────────────────────────────────────────────────────────
  { id: 'llm-7b-basic', kind: 'llm', text: '5M req/month 7B model p95 200ms' },
  { id: 'llm-7b-words', kind: 'llm', text: '5,000,000 requests a month, 7 billion parameters, p95 under 200ms' },
  { id: 'llm-0.5b', kind: 'llm', text: '1M req/month Qwen2.5-0.5B-Instruct' },
  { id: 'llm-1b', kind: 'llm', text: '300k requests per month on llama 3.2 1b, p95 500ms' },
  { id: 'llm-3b-spiky', kind: 'llm', text: '2M req/month llama-3.2-3b, very spiky traffic, p99 1s' },
  { id: 'llm-8b-qps', kind: 'llm', text: '20 qps on llama 3 8b' },
  { id: 'llm-8b-tokens', kind: 'llm', text: '1M req/month 7B, prompts ~1500 tokens and ~300 tokens of output' },
  { id: 'llm-8b-gptq', kind: 'llm', text: '1M req/month llama 3 8b GPTQ, p95 2s' },
  { id: 'llm-13b', kind: 'llm', text: '800k requests a month, llama-2-13b, business hours only' },
  { id: 'llm-14b-budget', kind: 'llm', text: '3M req/month qwen2.5-14b, under $2,000 a month' },
  { id: 'llm-27b-gcp', kind: 'llm', text: '500k req/month gemma 2 27b on Google Cloud, p95 3s' },
  { id: 'llm-32b-int8', kind: 'llm', text: '1M req/month qwen2.5-32b int8, time to first token under 500ms' },
  { id: 'llm-70b', kind: 'llm', text: '10M requests per month, llama 3.1 70B, p95 end to end 3s' },
  { id: 'llm-70b-fp8-aws', kind: 'llm', text: '2M req/month llama-3.3-70b FP8 on AWS us-east-1, no spot' },
  { id: 'llm-mixtral', kind: 'llm', text: '1.5M req/month mixtral 8x7b, 800 prompt tokens, 200 completion tokens' },
  { id: 'llm-8x22b', kind: 'llm', text: '400k requests per month with mixtral-8x22b, results can wait minutes' },
  { id: 'llm-405b', kind: 'llm', text: '1M req/month llama 3.1 405B' },
  { id: 'llm-deepseek', kind: 'llm', text: '2M req/month deepseek-v3, p95 5s, $10k/month budget' },
  { id: 'llm-1t', kind: 'llm', text: '1M req/month, 1T parameter model' },
  { id: 'llm-phi3-cpu', kind: 'llm', text: 'Phi-3 mini on CPU only, 5k requests a day, p95 2s' },
  { id: 'llm-gpt2', kind: 'llm', text: 'Serving GPT-2 small for autocomplete: 200 rps, p50 30ms' },
  { id: 'llm-gptj-azure', kind: 'llm', text: '1M req/month gpt-j-6b, Azure' },
  { id: 'llm-t5', kind: 'llm', text: 'T5-base summarization, 100k/day' },
  { id: 'llm-peak', kind: 'llm', text: '8 rps on average, up to 40 rps, 7B' },
  { id: 'llm-cache', kind: 'llm', text: '12M req/month mistral-7b-instruct, 30% cache hits, async ok' },
  { id: 'llm-selfhost', kind: 'llm', text: '1M req/month 7B, no third-party APIs, eu-west-1' },
  { id: 'llm-yearly', kind: 'llm', text: '60M requests annually, 7B, $36k/year budget' },
  { id: 'llm-hourly', kind: 'llm', text: '36k requests/hr 7B, p90 400ms' },
  // ── Encoders ──────────────────────────────────────────────────────────────────────────────
  { id: 'enc-bert-cpu', kind: 'encoder', text: '1M req/month bert-base, CPU only' },
  { id: 'enc-distilbert', kind: 'encoder', text: 'Sentiment classifier (distilbert) on product reviews: 2M per month, p99 100ms, CPU only, us-west-2' },
  { id: 'enc-roberta', kind: 'encoder', text: '1M req/month RoBERTa classifier, p90 80ms' },
  { id: 'enc-bert-large', kind: 'encoder', text: '50 rps bert-large, p95 50ms, GPU or CPU?' },
  { id: 'enc-batch', kind: 'encoder', text: 'nightly batch of 1M documents per day, bert-base' },
  // ── Embeddings ────────────────────────────────────────────────────────────────────────────
  { id: 'emb-bge-small', kind: 'embedding', text: '50k embeddings per hour with bge-small' },
  { id: 'emb-minilm', kind: 'embedding', text: '20M req/month all-MiniLM-L6-v2, p99 30ms' },
  { id: 'emb-mpnet', kind: 'embedding', text: '3M req/month all-mpnet-base-v2 on GCP' },
  { id: 'emb-e5', kind: 'embedding', text: '100 rps e5-base-v2, p95 60ms, spot ok' },
  { id: 'emb-clip', kind: 'embedding', text: '2M images a month through clip vit-l-14' },
  { id: 'emb-300m', kind: 'embedding', text: '1M req/month, 300M param embedding model' },
  // ── Vision ────────────────────────────────────────────────────────────────────────────────
  { id: 'vis-yolo-s', kind: 'vision', text: '1M req/month YOLOv8s object detection' },
  { id: 'vis-yolo-n-cpu', kind: 'vision', text: '30 fps of yolov8n on CPU, p99 50ms' },
  { id: 'vis-resnet', kind: 'vision', text: '5M images per month resnet-50, p95 100ms, AWS' },
  { id: 'vis-vit', kind: 'vision', text: '400k req/month vit-base image classification, budget $300/month' },
  // ── Speech ────────────────────────────────────────────────────────────────────────────────
  { id: 'sp-whisper-tiny', kind: 'speech', text: '1M req/month whisper tiny' },
  { id: 'sp-whisper-large', kind: 'speech', text: '200k transcriptions a month, whisper large v3, async' },
  { id: 'sp-whisper-turbo', kind: 'speech', text: '10 rps whisper-large-v3-turbo, p95 3s, Azure' },
  { id: 'sp-200m', kind: 'speech', text: '1M req/month, 200M param speech recognition model' },
  // ── Diffusion ─────────────────────────────────────────────────────────────────────────────
  { id: 'diff-sdxl', kind: 'diffusion', text: '1M req/month stable diffusion xl' },
  { id: 'diff-sd15', kind: 'diffusion', text: '100k images a month with stable diffusion 1.5, p95 10s, spot ok' },
  // ── Tabular ───────────────────────────────────────────────────────────────────────────────
  { id: 'tab-xgboost', kind: 'tabular', text: 'fraud scoring with xgboost, 300 rps peak, 50 rps avg, p99 20ms, azure' },
  { id: 'tab-forest', kind: 'tabular', text: '2M req/month sklearn random forest, CPU only, p95 30ms' },
  // ── Size or precision only ────────────────────────────────────────────────────────────────
  { id: 'size-2gb-int8', kind: 'size-only', text: '1M req/month, model is 2 GB, int8' },
  { id: 'size-400mb', kind: 'size-only', text: '5M req/month, 400 MB model, p95 100ms' },
  // ── Structured: key: value lines ──────────────────────────────────────────────────────────
  { id: 'kv-bert', kind: 'encoder', text: 'Volume: 100k/day\nModel: bert-base\nLatency: p99 50ms\nCompute: cpu' },
  { id: 'kv-whisper', kind: 'speech', text: 'requests per month: 2M\nmodel: whisper small\npattern: business-hours' },
  { id: 'kv-llm', kind: 'llm', text: 'volume: 250k/day\nmodel: llama 3.1 8b\nlatency: p95 800ms\ncloud: aws\nbudget: $3000/month' },
  { id: 'kv-yaml', kind: 'encoder', text: '```yaml\nrequestsPerMonth: 2000000\nmodel:\n  name: bert-base\nlatency:\n  percentile: 99\n  ms: 50\ncomputeConstraint: cpu\ncacheHitRate: 0.2\n```' },
  // ── Structured: JSON ──────────────────────────────────────────────────────────────────────
  { id: 'json-llama', kind: 'llm', text: '{"requestsPerMonth": 5000000, "model": {"name": "llama-3-8b"}, "latency": {"percentile": 95, "ms": 200}}' },
  { id: 'json-mistral', kind: 'llm', text: '{"requestsPerMonth": 3000000, "model": {"name": "mistral-7b-instruct"}, "tokens": {"input": 1000, "output": 300}, "budgetUsdPerMonth": 2500, "selfHostedOnly": true, "selfHostedReason": "fine-tuned weights"}' },
  { id: 'json-fenced', kind: 'llm', text: '```json\n{"requestsPerMonth": 1000000, "peakRps": 5, "model": {"params": 7000000000, "precision": "int8", "kind": "llm"}, "cloud": "gcp", "spotOk": true}\n```' },
  { id: 'json-size', kind: 'size-only', text: '{"requestsPerMonth": 1000000, "peakToAverage": 4, "model": {"sizeBytes": 400000000}, "asyncOk": true, "region": "us-east-1"}' },
  { id: 'json-strings', kind: 'llm', text: '{"requestsPerMonth": "5M/month", "model": "llama 3.1 8b", "latency": "p99 1s"}' },
];

/** Hostile input for the parser's bounded-time check (issue 2: a 20 KB input parses in well under 50 ms). */
export const HOSTILE_20KB: readonly { id: string; text: string }[] = [
  { id: '20 KB of digits', text: '7'.repeat(20 * 1024) },
  { id: 'repeated workload', text: '5M req/month 7B p95 200ms '.repeat(800).slice(0, 20 * 1024) },
  { id: 'unit soup', text: '5 k m b rps ms s gb '.repeat(1100).slice(0, 20 * 1024) },
  { id: 'number words', text: 'twenty thousand million '.repeat(900).slice(0, 20 * 1024) },
  { id: 'yaml-ish lines', text: 'a: b\n'.repeat(4096) },
  { id: 'nested braces', text: '{'.repeat(10 * 1024) + '}'.repeat(10 * 1024) },
  { id: 'json prefix', text: '{"a":'.repeat(4096) },
];
