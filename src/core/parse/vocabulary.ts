// The parser's vocabulary as data: every word list the extractors build their regexes from.
// Add a word here, not in a regex. Regexes sort each list longest first (see regex.ts).
import type { Cloud, ModelKind, Precision, TrafficPattern } from '../workload.ts';
import { SECONDS_PER_MONTH } from '../workload.ts';

/** Number words and their values. "a"/"an"/"half" are handled by the quantity reader, not here. */
export const ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
export const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
export const SCALE_WORDS: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
};
/** Short suffixes written after digits: 750K, 5M, 3MM, 1.2B, 2bn. */
export const SUFFIXES: Record<string, number> = {
  k: 1e3, thousand: 1e3, thousands: 1e3,
  m: 1e6, mm: 1e6, mn: 1e6, mil: 1e6, mio: 1e6, million: 1e6, millions: 1e6,
  b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9,
  t: 1e12, tn: 1e12, trillion: 1e12,
};
/** Words meaning "one" or a fraction in front of a scale word: "half a million", "a couple million". */
export const LEAD_FRACTIONS: Record<string, number> = {
  'half a': 0.5, 'half an': 0.5, 'a half': 0.5, 'a quarter': 0.25, 'a quarter of a': 0.25,
  'one and a half': 1.5, 'a couple': 2, 'a couple of': 2, a: 1, an: 1,
};

/** Time units for rates, in seconds. A month is 730 h (cloud price pages); a year is 12 such months. */
export const TIME_UNITS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400, night: 86400, nights: 86400, workday: 86400, 'working day': 86400, 'business day': 86400,
  w: 7 * 86400, wk: 7 * 86400, week: 7 * 86400, weeks: 7 * 86400,
  mo: SECONDS_PER_MONTH, mon: SECONDS_PER_MONTH, mth: SECONDS_PER_MONTH, month: SECONDS_PER_MONTH, months: SECONDS_PER_MONTH,
  y: 12 * SECONDS_PER_MONTH, yr: 12 * SECONDS_PER_MONTH, year: 12 * SECONDS_PER_MONTH, years: 12 * SECONDS_PER_MONTH,
};
/** Units allowed after "per"/"a"/"every" (words only; single letters only after a slash). */
export const WORD_TIME_UNITS = [
  'second', 'sec', 'minute', 'min', 'hour', 'hr', 'day', 'night', 'week', 'wk', 'month', 'mo', 'mth', 'year', 'yr',
  'workday', 'working day', 'business day',
];
/** Units allowed after a slash: "/s", "/mo". */
export const SLASH_TIME_UNITS = [...WORD_TIME_UNITS, 's', 'm', 'h', 'd', 'w', 'y', 'mon', 'secs', 'mins', 'hrs', 'days'];
/** Adverbs that carry a period: "5M monthly", "100k requests daily". */
export const PERIOD_ADVERBS: Record<string, number> = {
  hourly: 3600, daily: 86400, nightly: 86400, weekly: 7 * 86400, monthly: SECONDS_PER_MONTH,
  yearly: 12 * SECONDS_PER_MONTH, annually: 12 * SECONDS_PER_MONTH, 'per annum': 12 * SECONDS_PER_MONTH,
};
/** Rate abbreviations and their period in seconds. */
export const RATE_ABBREVIATIONS: Record<string, number> = {
  rps: 1, qps: 1, tps: 1, ips: 1, fps: 1, 'req/s': 1, 'reqs/s': 1, 'r/s': 1, 'q/s': 1, 'req/sec': 1,
  rpm: 60, qpm: 60, 'req/min': 60, rph: 3600, qph: 3600, rpd: 86400, qpd: 86400,
};
/** Nouns for a unit of traffic: "5M requests", "20 images per second". */
export const REQUEST_NOUNS = [
  'requests', 'request', 'reqs', 'req', 'queries', 'query', 'api calls', 'api call', 'calls', 'call',
  'inferences', 'inference requests', 'inference calls', 'inference', 'predictions', 'prediction', 'images', 'image', 'photos', 'pictures',
  'frames', 'transcriptions', 'generations', 'completions', 'prompts', 'messages', 'chats', 'conversations',
  'documents', 'docs', 'embeddings', 'sentences', 'texts', 'items', 'rows', 'records', 'transactions',
  'events', 'hits', 'invocations', 'lookups', 'searches', 'questions', 'classifications', 'audio files',
  'audio clips', 'files', 'clips', 'jobs', 'tasks', 'samples', 'scores', 'chunks', 'passages', 'pages', 'reviews', 'tickets', 'emails', 'products', 'articles', 'posts', 'comments', 'videos', 'recordings', 'calls transcribed', 'utterances', 'sessions', 'translations', 'summaries', 'answers', 'responses', 'users requests', 'page views', 'pageviews',
];
/** Who sends the requests: "50k DAU", "2k seats", "10k monthly active users". */
export const USER_NOUNS = [
  'users', 'user', 'seats', 'seat', 'employees', 'customers', 'members', 'agents', 'subscribers', 'accounts', 'licenses',
  'licences', 'people', 'students', 'developers', 'analysts', 'staff',
];
/** User counts that name their activity period ("DAU" = daily active users). */
export const ACTIVE_USER_WORDS: Record<string, 'daily' | 'weekly' | 'monthly'> = {
  dau: 'daily', daus: 'daily', 'daily active users': 'daily', 'daily users': 'daily', 'daily active': 'daily',
  wau: 'weekly', waus: 'weekly', 'weekly active users': 'weekly', 'weekly users': 'weekly',
  mau: 'monthly', maus: 'monthly', 'monthly active users': 'monthly', 'monthly users': 'monthly', 'monthly active': 'monthly',
};
/** Users that work business days (a tool for staff): their "a day" means a working day. */
export const WORKDAY_USER_NOUNS = ['seats', 'seat', 'employees', 'agents', 'staff', 'analysts', 'developers', 'licenses', 'licences'];
/** Requests per user per day when only a user count is given (an assumption, said so in the report). */
export const DEFAULT_REQUESTS_PER_USER_PER_DAY = 10;
/** Working days in a 730-hour month: 5 of every 7 days. */
export const WORKDAYS_PER_MONTH = ((730 / 24) * 5) / 7;

/** Words that may sit between a quantity and its noun ("5M inference requests") but never a model word. */
export const FILLER_STOP = ['model', 'models', 'param', 'params', 'parameter', 'parameters', 'llm', 'tokens', 'token', 'gb', 'mb', 'per', 'a', 'an', 'every', 'each'];

/** Words marking a rate as the peak or the average. */
export const PEAK_WORDS = ['peak', 'peaks', 'peaking', 'peaked', 'max', 'maximum', 'up to', 'burst', 'bursts', 'bursting', 'spike', 'spikes', 'spiking', 'top', 'highest', 'busiest'];
export const AVERAGE_WORDS = ['average', 'avg', 'mean', 'typical', 'typically', 'normally', 'usually', 'baseline', 'sustained', 'on average', 'steady state', 'steady-state', 'median'];

/** Latency vocabulary. */
export const LATENCY_WORDS = [
  'latency', 'latencies', 'response time', 'response times', 'ttft', 'time to first token', 'time-to-first-token',
  'e2e latency', 'end-to-end latency', 'end to end latency', 'tail latency', 'round trip', 'round-trip', 'turnaround',
  'inference time', 'inference latency', 'slo', 'sla', 'response', 'responses', 'time to respond',
];
export const LATENCY_COMPARATORS = [
  'under', 'below', 'less than', 'at most', 'max', 'maximum', 'within', 'of', 'is', 'must be', 'should be',
  'needs to be', 'need to be', 'has to be', 'target', 'targeted', 'around', 'about', 'approx', 'approximately',
  'no more than', 'not exceeding', 'not exceed', 'budget', 'goal', 'requirement', 'sub', 'up to', 'in', 'at',
  'ideally', 'roughly', 'tops', 'below', 'lower than', 'faster than', '<=', '<', '≤', ':', '=', '~', '≈',
];
export const TIME_MS: Record<string, number> = {
  ms: 1, msec: 1, msecs: 1, millis: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};
/** Words that say a latency is end to end, or time to first token. */
export const E2E_WORDS = [
  'end to end', 'end-to-end', 'e2e', 'total latency', 'total time', 'total response time', 'full response',
  'complete response', 'whole response', 'full completion', 'full answer', 'entire response', 'full generation',
];
export const TTFT_WORDS = ['ttft', 'time to first token', 'time-to-first-token', 'first token', 'first-token'];

/** Token vocabulary. */
export const INPUT_TOKEN_WORDS = ['input', 'inputs', 'prompt', 'prompts', 'in'];
export const OUTPUT_TOKEN_WORDS = [
  'output', 'outputs', 'completion', 'completions', 'generated', 'generation', 'response', 'responses',
  'answer', 'answers', 'out', 'new tokens', 'max_tokens', 'max_new_tokens', 'max tokens',
];

/** Precision names. */
export const PRECISION_WORDS: Record<string, Precision> = {
  fp32: 'fp32', float32: 'fp32', 'full precision': 'fp32', 'full-precision': 'fp32', 'single precision': 'fp32', '32-bit': 'fp32', '32 bit': 'fp32',
  fp16: 'fp16', float16: 'fp16', 'half precision': 'fp16', 'half-precision': 'fp16', '16-bit': 'fp16', '16 bit': 'fp16', '16bit': 'fp16',
  bf16: 'bf16', bfloat16: 'bf16',
  fp8: 'fp8', float8: 'fp8', e4m3: 'fp8',
  int8: 'int8', '8-bit': 'int8', '8 bit': 'int8', '8bit': 'int8', w8a8: 'int8', q8: 'int8', q8_0: 'int8', 'llm.int8': 'int8',
  int4: 'int4', '4-bit': 'int4', '4 bit': 'int4', '4bit': 'int4', awq: 'int4', gptq: 'int4', nf4: 'int4', w4a16: 'int4',
  q4: 'int4', q4_0: 'int4', q4_k_m: 'int4', q4_k_s: 'int4', 'bnb 4bit': 'int4',
};
/** Words implying quantization without saying to what. */
export const QUANTIZED_WORDS = ['quantized', 'quantised', 'quantization', 'quantisation'];

/** Cloud names. */
export const CLOUD_WORDS: Record<string, Cloud> = {
  aws: 'aws', 'amazon web services': 'aws', amazon: 'aws', ec2: 'aws', sagemaker: 'aws', 'aws lambda': 'aws',
  lambda: 'aws', eks: 'aws', fargate: 'aws', bedrock: 'aws', inferentia: 'aws',
  gcp: 'gcp', 'google cloud': 'gcp', 'google cloud platform': 'gcp', google: 'gcp', gke: 'gcp',
  'cloud run': 'gcp', vertex: 'gcp', 'vertex ai': 'gcp', 'compute engine': 'gcp',
  azure: 'azure', 'microsoft azure': 'azure', aks: 'azure', 'azure ml': 'azure',
};
/** Azure region names (they carry no dashes, so they are listed). */
export const AZURE_REGIONS = [
  'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus',
  'westcentralus', 'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'germanywestcentral',
  'swedencentral', 'switzerlandnorth', 'norwayeast', 'polandcentral', 'italynorth', 'eastasia', 'southeastasia',
  'japaneast', 'japanwest', 'australiaeast', 'australiasoutheast', 'koreacentral', 'centralindia',
  'southindia', 'canadacentral', 'canadaeast', 'brazilsouth', 'uaenorth', 'southafricanorth',
];
export const REGION_DIRECTIONS = ['east', 'west', 'north', 'south', 'central', 'northeast', 'northwest', 'southeast', 'southwest', 'gov-west', 'gov-east'];
export const AWS_REGION_PREFIXES = ['us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx'];
export const GCP_REGION_PREFIXES = ['us', 'europe', 'asia', 'australia', 'northamerica', 'southamerica', 'me', 'africa'];

/** Compute constraints. */
export const CPU_ONLY_PHRASES = [
  'cpu only', 'cpu-only', 'cpus only', 'only cpu', 'only cpus', 'only on cpu', 'only on cpus', 'no gpu', 'no gpus',
  'without a gpu', 'without gpu', 'without gpus', 'without any gpu', 'without any gpus', 'non-gpu', 'gpu-free',
  'on cpu', 'on cpus', 'on a cpu', 'on the cpu', 'cpu inference', 'cpu instances', 'cpu instance', 'cpu-based',
  'cpu servers', 'cpu boxes', 'cpu nodes', 'run on cpu', 'runs on cpu', 'must run on cpu', 'on graviton',
  'graviton', "can't use gpus", 'cannot use gpus', "can't use gpu", 'cannot use gpu', 'no gpu budget',
  'we only have cpus', 'we only have cpu', 'only have cpus', 'only have cpu', 'we have only cpus', 'cpu machines',
  'cpu instances only', 'cpu servers only', 'no gpus available', 'no gpu available',
];
/** Bare compute words, read only as whole words ("vCPU", "cpu-bound", "GPU-hours" are not constraints). */
export const CPU_BARE = ['cpu', 'cpus'];
export const GPU_BARE = ['gpu', 'gpus'];

/** Instance families the catalog prices, for "g5 only", "no p4d", "on c7g": AWS families before the
 * dot, GCP machine series before the first dash. */
export const INSTANCE_FAMILIES = ['g4dn', 'g5', 'g6', 'g6e', 'p4d', 'p4de', 'p5', 'inf2', 'c6i', 'c7i', 'c7g', 'm6i', 'n2', 'g2', 'a2', 'a3'];
/** Accelerator words → the accelerator they name ("a100" covers both A100 memory sizes). Names the
 * catalog has no hardware for are kept as written, so the report can say it cannot honour them. */
export const ACCELERATOR_WORDS: Record<string, string> = {
  a100: 'a100', a100s: 'a100', h100: 'h100', h100s: 'h100', h200: 'h200', h200s: 'h200', a10g: 'a10g', a10: 'a10', l4: 'l4', l4s: 'l4',
  l40s: 'l40s', l40: 'l40', t4: 't4', t4s: 't4', a40: 'a40', inferentia: 'inferentia2', inferentia2: 'inferentia2',
  v100: 'v100', v100s: 'v100', mi300x: 'mi300x', mi300: 'mi300x', b200: 'b200', gh200: 'gh200', 'rtx 4090': 'rtx 4090', rtx4090: 'rtx 4090',
  a6000: 'a6000', tpu: 'tpu', tpus: 'tpu', trainium: 'trainium',
};

/** Commitment vocabulary: "1-year reserved", "3-year savings plan", "committed use discounts". */
export const COMMIT_WORDS = [
  'reserved instances', 'reserved instance', 'reserved capacity', 'reserved pricing', 'reserved', 'reservation', 'reservations',
  'savings plans', 'savings plan', 'compute savings plan', 'committed use discounts', 'committed use discount', 'committed use',
  'committed-use', 'committed use contract', 'cuds', 'cud', 'commitment', 'commitments', 'committed', 'reserved vm instances',
  'azure reservations', 'term', 'contract', 'commit',
];

/** Clouds and GPU clouds the catalog does not price: named in a note, never silently ignored. */
export const UNPRICED_CLOUDS: Record<string, string> = {
  'oracle cloud': 'Oracle Cloud (OCI)', 'oracle cloud infrastructure': 'Oracle Cloud (OCI)', oci: 'Oracle Cloud (OCI)', oracle: 'Oracle Cloud (OCI)',
  'ibm cloud': 'IBM Cloud', 'alibaba cloud': 'Alibaba Cloud', aliyun: 'Alibaba Cloud', 'tencent cloud': 'Tencent Cloud',
  digitalocean: 'DigitalOcean', 'digital ocean': 'DigitalOcean', hetzner: 'Hetzner', 'lambda labs': 'Lambda Labs', 'lambda cloud': 'Lambda Labs',
  coreweave: 'CoreWeave', linode: 'Linode (Akamai)', 'akamai cloud': 'Linode (Akamai)', ovh: 'OVHcloud', ovhcloud: 'OVHcloud',
  vultr: 'Vultr', paperspace: 'Paperspace', scaleway: 'Scaleway', 'together gpu clusters': 'Together GPU clusters', crusoe: 'Crusoe',
  'vast.ai': 'Vast.ai', vastai: 'Vast.ai',
};
export const GPU_PHRASES = [
  'gpu only', 'gpu-only', 'gpus only', 'on gpu', 'on gpus', 'on a gpu', 'on the gpu', 'gpu inference',
  'gpu-backed', 'gpu instances', 'gpu instance', 'needs a gpu', 'need a gpu', 'needs gpu', 'need gpus', 'needs gpus',
  'must run on gpu', 'must use gpu', 'requires a gpu', 'requires gpu', 'gpu servers', 'gpu nodes', 'gpu-based',
];
export const GPU_NAMES = [
  'a100', 'a100s', 'h100', 'h100s', 'h200', 'a10g', 'a10', 'l4', 'l4s', 'l40s', 'l40', 't4', 't4s', 'v100', 'v100s',
  'rtx 4090', 'rtx4090', 'rtx 3090', 'rtx3090', 'a6000', 'mi300x', 'mi300', 'b200', 'gh200',
];
/** Mentions of both, which constrain nothing: "GPU or CPU?". */
export const COMPUTE_NEUTRAL = ['gpu or cpu', 'cpu or gpu', 'gpu vs cpu', 'cpu vs gpu', 'gpu vs. cpu', 'cpu vs. gpu', 'cpu/gpu', 'gpu/cpu', 'cpu versus gpu', 'gpu versus cpu', 'cpu and gpu', 'gpu and cpu'];

/** Traffic patterns. */
export const PATTERN_WORDS: Record<string, TrafficPattern> = {
  steady: 'steady', 'steady traffic': 'steady', constant: 'steady', flat: 'steady', uniform: 'steady',
  'evenly spread': 'steady', 'even load': 'steady', '24/7': 'steady', '24x7': 'steady', 'round the clock': 'steady',
  'round-the-clock': 'steady', 'around the clock': 'steady', 'always on': 'steady',
  'business hours': 'business-hours', 'business-hours': 'business-hours', 'office hours': 'business-hours',
  'working hours': 'business-hours', 'work hours': 'business-hours', '9-5': 'business-hours', '9 to 5': 'business-hours',
  '9am-5pm': 'business-hours', '9am to 5pm': 'business-hours', '9-to-5': 'business-hours', weekdays: 'business-hours',
  'weekdays only': 'business-hours', workday: 'business-hours', 'during the workday': 'business-hours',
  spiky: 'spiky', spikes: 'spiky', spikey: 'spiky', bursty: 'spiky', bursts: 'spiky', burst: 'spiky', unpredictable: 'spiky',
  viral: 'spiky', sporadic: 'spiky', 'goes viral': 'spiky',
  nightly: 'nightly-batch', 'nightly batch': 'nightly-batch', 'nightly job': 'nightly-batch', 'nightly jobs': 'nightly-batch',
  overnight: 'nightly-batch', 'every night': 'nightly-batch', 'once a day': 'nightly-batch', 'daily batch': 'nightly-batch',
  'batch job': 'nightly-batch', 'batch jobs': 'nightly-batch', 'batch processing': 'nightly-batch', 'nightly-batch': 'nightly-batch',
};
/** Default peak-to-average factor by pattern, with the reason shown to the user. */
export const PEAK_TO_AVERAGE: Record<TrafficPattern | 'unknown', { factor: number; why: string }> = {
  steady: { factor: 1.5, why: 'steady traffic: peak taken as 1.5× the average for minute-level burstiness' },
  'business-hours': {
    factor: 3,
    why: 'business-hours traffic: a 10-hour working window peaks at 4/π of its mean, about 3× the 24-hour average',
  },
  spiky: { factor: 5, why: 'spiky traffic: peak taken as 5× the average' },
  'nightly-batch': { factor: 1, why: 'nightly batch: work is queued, so the peak equals the average of the run' },
  unknown: {
    factor: 2,
    why: 'no traffic pattern given: global web traffic peaks at ~1.6–1.7× its mean (robustperception.io); 2× adds minute-level burstiness',
  },
};

/** Async / batch acceptance. */
export const ASYNC_PHRASES = [
  'async', 'asynchronous', 'asynchronously', 'offline', 'batch', 'batch jobs', 'batch job', 'batch processing',
  'batch inference', 'batch mode', 'batch api', 'batch pipeline', 'nightly', 'overnight', 'not latency sensitive',
  'not latency-sensitive', "latency doesn't matter", 'latency does not matter', "latency isn't important",
  'can wait minutes', 'can wait hours', 'can take minutes', 'can take hours', 'queued', 'queue-based',
  'fire and forget', 'no real-time requirement', 'not real-time', 'not realtime',
];
/** Phrases meaning hosted APIs are excluded. */
export const SELF_HOSTED_PHRASES = [
  'self-hosted only', 'self hosted only', 'self-hosted', 'self hosted', 'selfhosted', 'on-prem', 'on prem',
  'on-premise', 'on-premises', 'on premise', 'on premises', 'our own weights', 'own weights', 'our own model',
  'our own infra', 'our own infrastructure', 'our own hardware', 'our own gpus', 'fine-tuned weights',
  'finetuned weights', 'fine tuned weights', 'fine-tuned', 'fine tuned', 'finetuned', 'custom weights',
  'proprietary weights', 'data must stay in our vpc', 'data must stay in our network', 'data must stay in our cloud',
  'data must stay in our account', 'data has to stay in our vpc', 'data needs to stay in our vpc',
  'must stay in our vpc', 'stay in our vpc', 'stays in our vpc', 'in our vpc', 'within our vpc', 'inside our vpc', 'private vpc',
  'no third-party apis', 'no third party apis', 'no third-party api', 'no third party api', 'no third-party providers',
  'no external apis', 'no hosted apis', 'no hosted api', "can't use hosted apis", 'cannot use hosted apis',
  "can't use third-party apis", 'cannot use third-party apis', 'air-gapped', 'air gapped',
];
/** Spot instances. */
export const SPOT_OK_PHRASES = [
  'spot ok', 'spot okay', 'spot is ok', 'spot is okay', 'spot is fine', 'spot fine', 'spot instances ok',
  'spot instances are ok', 'spot instances are fine', 'spot instances fine', 'spot instances okay', 'spot vms ok',
  'spot vms are fine', 'spot is acceptable', 'spot acceptable', 'spot allowed', 'spot is allowed', 'spot welcome',
  'ok with spot', 'okay with spot', 'fine with spot', 'can use spot', 'could use spot', 'use spot', 'using spot',
  'spot instances', 'spot capacity', 'spot pricing', 'spot vms', 'spot gpus', 'preemptible', 'preemptible ok',
  'preemptible vms', 'preemptible instances', 'interruptible', 'interruptions are fine', 'interruptions ok',
];
export const SPOT_NO_PHRASES = [
  'no spot', 'spot not ok', 'spot is not ok', 'spot not allowed', 'without spot', 'avoid spot', 'on-demand only',
  'on demand only', 'no preemptible', 'not preemptible', "can't use spot", 'cannot use spot', "can't be interrupted",
  'cannot be interrupted',
];

/** Cache hit vocabulary. */
export const CACHE_AFTER_WORDS = [
  'cache hits', 'cache hit', 'cache-hit rate', 'cache hit rate', 'cache hit ratio', 'hit rate', 'cached',
  'cacheable', 'served from cache', 'from cache', 'repeats', 'repeated', 'duplicates', 'repeat queries', 'cache',
];
export const CACHE_BEFORE_WORDS = ['cache hit rate', 'cache-hit rate', 'cache hit ratio', 'cache hits', 'cache hit', 'cache rate', 'hit rate', 'cached'];

/** Budget vocabulary. */
export const BUDGET_WORDS = [
  'budget', 'budget of', 'budget is', 'spend', 'spending', 'cost', 'costs', 'cap', 'capped at', 'limit', 'max', 'maximum',
  'under', 'below', 'less than', 'no more than', 'at most', 'up to', 'afford', 'within', 'keep it under',
  'stay under', 'not exceed', '<',
];
export const CURRENCY_WORDS = ['usd', 'dollars', 'dollar', 'bucks'];

/** Kind keywords (known model names decide first). */
export const KIND_WORDS: Record<string, ModelKind> = {
  llm: 'llm', llms: 'llm', 'large language model': 'llm', 'language model': 'llm', chatbot: 'llm', 'chat bot': 'llm',
  chat: 'llm', 'text generation': 'llm', 'text-generation': 'llm', generative: 'llm', completion: 'llm',
  completions: 'llm', rag: 'llm', summarization: 'llm', summarisation: 'llm', summarize: 'llm', copilot: 'llm',
  assistant: 'llm', agent: 'llm', agents: 'llm', 'decoder-only': 'llm', 'instruct model': 'llm', gpt: 'llm', 'code generation': 'llm',
  embedding: 'embedding', embeddings: 'embedding', embedder: 'embedding', 'embedding model': 'embedding',
  'sentence embeddings': 'embedding', 'vector search': 'embedding', 'semantic search': 'embedding',
  'sentence-transformers': 'embedding', 'sentence transformers': 'embedding', 'sentence transformer': 'embedding',
  classifier: 'encoder', classification: 'encoder', 'text classification': 'encoder', 'text classifier': 'encoder', bert: 'encoder',
  sentiment: 'encoder', 'sentiment analysis': 'encoder', ner: 'encoder', 'named entity recognition': 'encoder',
  'intent detection': 'encoder', 'intent classification': 'encoder', toxicity: 'encoder', moderation: 'encoder',
  'spam detection': 'encoder', 'spam filter': 'encoder', 'cross-encoder': 'encoder', reranker: 'encoder',
  're-ranker': 'encoder', reranking: 'encoder', encoder: 'encoder', 'encoder-only': 'encoder',
  'image classification': 'vision', 'image classifier': 'vision', 'object detection': 'vision', detection: 'vision',
  detector: 'vision', cnn: 'vision', convnet: 'vision', 'computer vision': 'vision', vision: 'vision',
  segmentation: 'vision', 'image segmentation': 'vision', ocr: 'vision', 'image recognition': 'vision',
  'face recognition': 'vision', 'image tagging': 'vision',
  'stable diffusion': 'diffusion', diffusion: 'diffusion', 'image generation': 'diffusion', 'text-to-image': 'diffusion',
  'text to image': 'diffusion', 'image gen': 'diffusion', 'diffusion model': 'diffusion',
  speech: 'speech', asr: 'speech', transcription: 'speech', transcriptions: 'speech', transcribe: 'speech',
  transcribing: 'speech', 'speech-to-text': 'speech', 'speech to text': 'speech', stt: 'speech', 'speech recognition': 'speech',
  'text-to-speech': 'speech', 'text to speech': 'speech', tts: 'speech',
  xgboost: 'tabular', lightgbm: 'tabular', catboost: 'tabular', tabular: 'tabular', 'fraud scoring': 'tabular',
  'fraud detection': 'tabular', 'fraud model': 'tabular', 'gradient boosting': 'tabular', 'gradient boosted trees': 'tabular',
  gbm: 'tabular', 'random forest': 'tabular', sklearn: 'tabular', 'scikit-learn': 'tabular', 'credit scoring': 'tabular',
  'churn prediction': 'tabular', 'churn model': 'tabular', 'tree ensemble': 'tabular', 'logistic regression': 'tabular',
};

/** Default latency target by kind, with the reason. */
export const DEFAULT_LATENCY: Record<ModelKind, { percentile: 50 | 90 | 95 | 99; ms: number; why: string }> = {
  llm: { percentile: 95, ms: 500, why: 'LLM default: time to first token within 500 ms at p95 keeps a chat interface responsive' },
  encoder: { percentile: 95, ms: 100, why: 'encoder default: p95 100 ms, typical for an online classification call' },
  embedding: { percentile: 95, ms: 100, why: 'embedding default: p95 100 ms, typical for an online embedding call' },
  tabular: { percentile: 95, ms: 100, why: 'tabular default: p95 100 ms, typical for an online scoring call' },
  vision: { percentile: 95, ms: 200, why: 'vision default: p95 200 ms for one image' },
  speech: { percentile: 95, ms: 2000, why: 'speech default: p95 2 s end to end for a short clip' },
  diffusion: { percentile: 95, ms: 10_000, why: 'diffusion default: p95 10 s end to end for one image' },
  unknown: { percentile: 95, ms: 200, why: 'no latency given and the model kind is unknown: p95 200 ms' },
};
export const ASYNC_LATENCY = { percentile: 95 as const, ms: 60_000, why: 'batch/async work: answers may come back a minute later (p95 60 s end to end)' };

/** Default tokens for LLMs. */
export const DEFAULT_TOKENS = { input: 500, output: 200, why: 'a typical chat turn: 500 input and 200 output tokens (≈700 tokens a request)' };

/** Supported latency percentiles; other stated ones map to the nearest supported one at or above them (99 at most). */
export const SUPPORTED_PERCENTILES = [50, 90, 95, 99] as const;

/** The working example every error message shows. */
export const EXAMPLE = '5M req/month 7B model p95 200ms';

/** Serving stacks named in text: the runtime they imply and whether they batch on their own. */
export const SERVING_STACKS: Record<string, { name: string; runtime: 'pytorch' | 'optimized'; batching: boolean }> = {
  pytorch: { name: 'PyTorch (eager)', runtime: 'pytorch', batching: false },
  'py torch': { name: 'PyTorch (eager)', runtime: 'pytorch', batching: false },
  eager: { name: 'PyTorch (eager)', runtime: 'pytorch', batching: false },
  'eager mode': { name: 'PyTorch (eager)', runtime: 'pytorch', batching: false },
  torchserve: { name: 'TorchServe', runtime: 'pytorch', batching: false },
  'hf transformers': { name: 'Hugging Face Transformers', runtime: 'pytorch', batching: false },
  'plain transformers': { name: 'Hugging Face Transformers', runtime: 'pytorch', batching: false },
  flask: { name: 'Flask + PyTorch', runtime: 'pytorch', batching: false },
  fastapi: { name: 'FastAPI + PyTorch', runtime: 'pytorch', batching: false },
  onnx: { name: 'ONNX Runtime', runtime: 'optimized', batching: false },
  'onnx runtime': { name: 'ONNX Runtime', runtime: 'optimized', batching: false },
  onnxruntime: { name: 'ONNX Runtime', runtime: 'optimized', batching: false },
  ort: { name: 'ONNX Runtime', runtime: 'optimized', batching: false },
  openvino: { name: 'OpenVINO', runtime: 'optimized', batching: false },
  tensorrt: { name: 'TensorRT', runtime: 'optimized', batching: false },
  'tensor rt': { name: 'TensorRT', runtime: 'optimized', batching: false },
  'tensorrt llm': { name: 'TensorRT-LLM', runtime: 'optimized', batching: true },
  'trt llm': { name: 'TensorRT-LLM', runtime: 'optimized', batching: true },
  trt: { name: 'TensorRT', runtime: 'optimized', batching: false },
  triton: { name: 'Triton', runtime: 'optimized', batching: true },
  'triton inference server': { name: 'Triton', runtime: 'optimized', batching: true },
  tei: { name: 'TEI', runtime: 'optimized', batching: true },
  'text embeddings inference': { name: 'TEI', runtime: 'optimized', batching: true },
  vllm: { name: 'vLLM', runtime: 'optimized', batching: true },
  tgi: { name: 'TGI', runtime: 'optimized', batching: true },
  'text generation inference': { name: 'TGI', runtime: 'optimized', batching: true },
  sglang: { name: 'SGLang', runtime: 'optimized', batching: true },
  'faster whisper': { name: 'faster-whisper', runtime: 'optimized', batching: false },
  ctranslate2: { name: 'CTranslate2', runtime: 'optimized', batching: false },
};
