// The known-models file: valid, unambiguous, and matched on whole words only.
import { describe, expect, it } from 'vitest';
import { matchModel, parseWorkload } from '../../src/core/parse/index.ts';
import { normalizeName } from '../../src/core/parse/match-model.ts';
import { models } from './models.ts';

describe('known models', () => {
  it('covers the families the issue lists', () => {
    const ids = new Set(models.map((m) => m.id));
    for (const id of [
      'llama-2-7b', 'llama-2-13b', 'llama-2-70b', 'llama-3-8b', 'llama-3-70b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b',
      'llama-3.2-1b', 'llama-3.2-3b', 'llama-3.3-70b', 'mistral-7b-instruct', 'mixtral-8x7b', 'mixtral-8x22b',
      'qwen2.5-0.5b', 'qwen2.5-1.5b', 'qwen2.5-7b', 'qwen2.5-14b', 'qwen2.5-32b', 'qwen2.5-72b', 'gemma-2-2b', 'gemma-2-9b',
      'gemma-2-27b', 'phi-3-mini', 'phi-3-medium', 'gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl', 'gpt-j-6b', 'bert-base',
      'bert-large', 'distilbert', 'roberta-base', 'roberta-large', 't5-small', 't5-base', 't5-large', 'resnet-50', 'vit-base',
      'yolov8n', 'yolov8s', 'yolov8m', 'clip-vit-b-32', 'clip-vit-l-14', 'whisper-tiny', 'whisper-base', 'whisper-small',
      'whisper-medium', 'whisper-large-v3', 'whisper-large-v3-turbo', 'stable-diffusion-1.5', 'sdxl', 'all-minilm-l6-v2',
      'all-mpnet-base-v2', 'bge-small-en-v1.5', 'bge-base-en-v1.5', 'e5-small-v2', 'e5-base-v2', 'xgboost', 'sklearn-random-forest',
    ]) expect(ids.has(id), id).toBe(true);
  });

  it('has unique ids and no alias naming two models', () => {
    const owner = new Map<string, string>();
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    for (const m of models) {
      for (const a of [m.id, m.name, ...m.aliases]) {
        const n = normalizeName(a);
        const prev = owner.get(n);
        if (prev !== undefined) expect(prev, `"${a}" names ${prev} and ${m.id}`).toBe(m.id);
        owner.set(n, m.id);
      }
    }
  });

  it('gives LLMs an architecture and other models a FLOP count', () => {
    for (const m of models) {
      if (m.kind === 'llm') expect(m.architecture, m.id).toBeDefined();
      else expect(m.gflopsPerInference, m.id).toBeGreaterThan(0);
      // Checked when the file was compiled (2026-11-29) or when a model was added since (SDXL Turbo).
      expect(['2026-11-29', '2026-12-02'], m.id).toContain(m.checked);
    }
  });

  it('has the config.json numbers for Llama 3 8B and 3.1', () => {
    const l3 = models.find((m) => m.id === 'llama-3-8b');
    expect(l3?.architecture).toMatchObject({ layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, vocab: 128256, contextLength: 8192 });
    expect(models.find((m) => m.id === 'llama-3.1-8b')?.architecture?.contextLength).toBe(131072);
    expect(models.find((m) => m.id === 'mixtral-8x7b')?.architecture?.activeParams).toBeCloseTo(12.9e9, -8);
  });

  it.each([
    ['llama-3-8b', 'llama-3-8b'], ['Llama 3 8B', 'llama-3-8b'], ['llama3 70b', 'llama-3-70b'], ['llama3-8b-instruct', 'llama-3-8b'],
    ['LLAMA_3_8B', 'llama-3-8b'], ['llama.3.8b', 'llama-3-8b'], ['mistral 7b instruct', 'mistral-7b-instruct'],
    ['meta-llama/Meta-Llama-3-8B', 'llama-3-8b'], ['sdxl', 'sdxl'], ['stable diffusion xl', 'sdxl'], ['bert', 'bert-base'],
    ['minilm', 'all-minilm-l6-v2'], ['whisper large', 'whisper-large-v3'], ['yolo', 'yolov8n'], ['resnet50', 'resnet-50'],
    ['xgboost', 'xgboost'], ['Qwen2.5-7B-Instruct', 'qwen2.5-7b'], ['llama-3.1-8b', 'llama-3.1-8b'],
  ])('matchModel(%s) → %s', (name, id) => {
    expect(matchModel(name, models)?.model.id).toBe(id);
    expect(matchModel(name, models)?.by).toBe('name');
  });

  it.each([['llama'], ['llama 3'], ['roberto'], ['albert'], [''], ['7b'], ['gpt-4']])('matchModel(%s) → null', (name) => {
    expect(matchModel(name, models)).toBeNull();
  });

  it.each([
    ['1M req/month albert classifier, 100M params', null],
    ['1M req/month roberta-base', 'roberta-base'],
    ['1M req/month, video clips, 100M param model', null],
    ['1M req/month, Part 5M of the plan, 7B', null],
    ['1e5 requests per month, 7B', null],
    ['1M req/month, whispered 7B', null],
  ])('does not match inside other words: %s', (text, id) => {
    const r = parseWorkload(text, { models });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.workload.model.knownId).toBe(id);
  });
});
