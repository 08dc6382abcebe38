// Parser golden dump: parseWorkload's full result (value or issues, notes, provenance) as one JSON
// line per input, for every bench corpus text, every string literal in the tests and a seeded fuzz
// set built from them. Run the parser before and after a change on the same inputs and diff: a
// refactor that must not change any parse result must leave the output byte-identical.
//   node scripts/parse-golden.ts [parser-tree] [inputs-tree] > out.jsonl
// e.g. with the unchanged tree exported to /tmp/before (git archive HEAD | tar -x -C /tmp/before):
//   node scripts/parse-golden.ts /tmp/before . > a.jsonl; node scripts/parse-golden.ts . . > b.jsonl; cmp a.jsonl b.jsonl
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? '.');
const inputs = resolve(process.argv[3] ?? root);
const { loadKnownModels } = (await import(`${root}/src/catalog/embedded.ts`)) as typeof import('../src/catalog/embedded.ts');
const { parseWorkload } = (await import(`${root}/src/core/parse/index.ts`)) as typeof import('../src/core/parse/index.ts');
const { CORPUS, HOSTILE_20KB } = (await import(`${inputs}/bench/corpus.ts`)) as typeof import('../bench/corpus.ts');
const models = loadKnownModels();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every string literal and template-literal piece in a TypeScript file. */
function literals(path: string): string[] {
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      out.push(n.head.text);
      for (const s of n.templateSpans) out.push(s.literal.text);
      // The template with each substitution replaced by a typical value.
      out.push(n.head.text + n.templateSpans.map((s) => '5M req/month 7B model p95 200ms' + s.literal.text).join(''));
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

const texts: string[] = [];
const seen = new Set<string>();
const add = (t: string): void => {
  if (!seen.has(t)) {
    seen.add(t);
    texts.push(t);
  }
};
for (const c of CORPUS) add(c.text);
for (const h of HOSTILE_20KB) add(h.text);
for (const f of [...files(join(inputs, 'test')), join(inputs, 'bench/corpus.ts')].sort()) for (const s of literals(f)) add(s);
const collected = [...texts];

// Seeded fuzz: word soups over the tokens of the collected texts, pairs of texts joined, slices.
let seed = 12345;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
const short = collected.filter((t) => t.length > 0 && t.length < 400);
const tokens = [...new Set(short.flatMap((t) => t.split(/\s+/)).filter((w) => w !== ''))].sort();
const seps = [' ', ', ', '; ', '\n', ' and ', ' - ', ': '];
for (let i = 0; i < 4000; i++) {
  const n = 1 + rnd(14);
  add(Array.from({ length: n }, () => pick(tokens)).join(pick(seps)));
}
for (let i = 0; i < 2000; i++) add(pick(short) + pick(seps) + pick(short));
for (let i = 0; i < 2000; i++) {
  const words = Array.from({ length: 1 + rnd(5) }, () => pick(tokens)).join(' ');
  add(rnd(2) ? `${pick(short)}${pick(seps)}${words}` : `${words}${pick(seps)}${pick(short)}`);
}
for (let i = 0; i < 1000; i++) {
  const t = pick(short);
  const a = rnd(t.length + 1);
  add(t.slice(a, a + 1 + rnd(t.length)));
}
const chars = 'abcdefghijklmnopqrstuvwxyz0123456789 .,;:-/$%<>~*{}[]"\'\n_@#µ×–—';
for (let i = 0; i < 1000; i++) add(Array.from({ length: rnd(60) }, () => pick([...chars])).join(''));

for (const t of texts) {
  let r: unknown;
  try {
    r = parseWorkload(t, { models });
  } catch (e) {
    r = { threw: String(e) };
  }
  process.stdout.write(JSON.stringify({ t: t.length > 200 ? `${t.slice(0, 200)}…(${t.length})` : t, r }) + '\n');
}
process.stderr.write(`${texts.length} inputs (${collected.length} collected)\n`);
