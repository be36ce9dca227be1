/**
 * Train the two demo models on examples/demo/data/train.jsonl and write them as ONNX.
 *
 *   npx tsx scripts/build-demo-models.ts [--out DIR]   (default examples/demo/models)
 *
 * digits-v1.onnx: MLP 64 -> 128 (Relu) -> 10
 * digits-v2.onnx: MLP 64 -> 96 (Relu) -> 10, different seed and a shorter schedule, so the
 *                 "second version" scores differently on the eval set (the demo's regression).
 *
 * Training is plain mini-batch gradient descent in float64 with a seeded init and a fixed
 * sample order, so running the script twice gives byte-identical models.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type DenseLayer, denseGraph, glorotUniform, modelBytes, mulberry32 } from './lib/onnx-build.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_DATA_DIR = join(REPO_ROOT, 'examples/demo/data');
export const DEMO_MODELS_DIR = join(REPO_ROOT, 'examples/demo/models');

const FEATURES = 64;
const CLASSES = 10;

export interface Sample {
  x: Float64Array;
  y: number;
}

export function readJsonl(path: string): Sample[] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as { pixels?: unknown; expected?: unknown };
      if (!Array.isArray(row.pixels) || row.pixels.length !== FEATURES || typeof row.expected !== 'string') {
        throw new Error(`${path}:${i + 1}: expected {pixels: number[${FEATURES}], expected: string}`);
      }
      return { x: Float64Array.from(row.pixels as number[]), y: Number(row.expected) };
    });
}

interface Mlp {
  hidden: number;
  w1: Float64Array; // [FEATURES, hidden] row-major
  b1: Float64Array;
  w2: Float64Array; // [hidden, CLASSES]
  b2: Float64Array;
}

export interface TrainConfig {
  name: string;
  hidden: number;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty; keeps weights small and accuracy below a memorised 100%. */
  weightDecay: number;
}

export const DEMO_CONFIGS: readonly TrainConfig[] = [
  {
    name: 'digits-v1',
    hidden: 128,
    seed: 1,
    epochs: 60,
    batchSize: 20,
    learningRate: 0.05,
    weightDecay: 1e-4,
  },
  {
    name: 'digits-v2',
    hidden: 96,
    seed: 2,
    epochs: 25,
    batchSize: 20,
    learningRate: 0.05,
    weightDecay: 1e-4,
  },
];

function initMlp(hidden: number, seed: number): Mlp {
  const rand = mulberry32(seed);
  return {
    hidden,
    w1: Float64Array.from(glorotUniform(rand, FEATURES, hidden, FEATURES * hidden)),
    b1: new Float64Array(hidden),
    w2: Float64Array.from(glorotUniform(rand, hidden, CLASSES, hidden * CLASSES)),
    b2: new Float64Array(CLASSES),
  };
}

/** Forward pass for one sample; fills `h` (post-Relu hidden) and `p` (softmax probabilities). */
function forward(m: Mlp, x: Float64Array, h: Float64Array, p: Float64Array): void {
  for (let j = 0; j < m.hidden; j++) h[j] = m.b1[j] as number;
  for (let i = 0; i < FEATURES; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const row = i * m.hidden;
    for (let j = 0; j < m.hidden; j++) h[j] = (h[j] as number) + xi * (m.w1[row + j] as number);
  }
  for (let j = 0; j < m.hidden; j++) if ((h[j] as number) < 0) h[j] = 0;
  let max = -Infinity;
  for (let k = 0; k < CLASSES; k++) {
    let z = m.b2[k] as number;
    for (let j = 0; j < m.hidden; j++) z += (h[j] as number) * (m.w2[j * CLASSES + k] as number);
    p[k] = z;
    if (z > max) max = z;
  }
  // Softmax with the max subtracted for numerical stability.
  let sum = 0;
  for (let k = 0; k < CLASSES; k++) {
    const e = Math.exp((p[k] as number) - max);
    p[k] = e;
    sum += e;
  }
  for (let k = 0; k < CLASSES; k++) p[k] = (p[k] as number) / sum;
}

function argmax(v: Float64Array): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if ((v[k] as number) > (v[best] as number)) best = k;
  return best;
}

export function accuracy(m: Mlp, data: readonly Sample[]): number {
  const h = new Float64Array(m.hidden);
  const p = new Float64Array(CLASSES);
  let ok = 0;
  for (const s of data) {
    forward(m, s.x, h, p);
    if (argmax(p) === s.y) ok++;
  }
  return ok / data.length;
}

/** Mini-batch gradient descent on softmax cross-entropy, samples in file order every epoch. */
function train(cfg: TrainConfig, data: readonly Sample[]): Mlp {
  const m = initMlp(cfg.hidden, cfg.seed);
  const H = cfg.hidden;
  const gw1 = new Float64Array(m.w1.length);
  const gb1 = new Float64Array(H);
  const gw2 = new Float64Array(m.w2.length);
  const gb2 = new Float64Array(CLASSES);
  const h = new Float64Array(H);
  const p = new Float64Array(CLASSES);
  const dh = new Float64Array(H);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (let start = 0; start < data.length; start += cfg.batchSize) {
      const batch = data.slice(start, start + cfg.batchSize);
      gw1.fill(0);
      gb1.fill(0);
      gw2.fill(0);
      gb2.fill(0);
      for (const s of batch) {
        forward(m, s.x, h, p);
        // dL/dz for softmax + cross-entropy is p - onehot(y).
        p[s.y] = (p[s.y] as number) - 1;
        for (let k = 0; k < CLASSES; k++) gb2[k] = (gb2[k] as number) + (p[k] as number);
        for (let j = 0; j < H; j++) {
          const hj = h[j] as number;
          let d = 0;
          for (let k = 0; k < CLASSES; k++) {
            const pk = p[k] as number;
            gw2[j * CLASSES + k] = (gw2[j * CLASSES + k] as number) + hj * pk;
            d += pk * (m.w2[j * CLASSES + k] as number);
          }
          dh[j] = hj > 0 ? d : 0; // Relu gradient
          gb1[j] = (gb1[j] as number) + (dh[j] as number);
        }
        for (let i = 0; i < FEATURES; i++) {
          const xi = s.x[i] as number;
          if (xi === 0) continue;
          const row = i * H;
          for (let j = 0; j < H; j++) gw1[row + j] = (gw1[row + j] as number) + xi * (dh[j] as number);
        }
      }
      const lr = cfg.learningRate / batch.length;
      const decay = 1 - cfg.learningRate * cfg.weightDecay;
      for (let i = 0; i < m.w1.length; i++) m.w1[i] = (m.w1[i] as number) * decay - lr * (gw1[i] as number);
      for (let i = 0; i < H; i++) m.b1[i] = (m.b1[i] as number) - lr * (gb1[i] as number);
      for (let i = 0; i < m.w2.length; i++) m.w2[i] = (m.w2[i] as number) * decay - lr * (gw2[i] as number);
      for (let i = 0; i < CLASSES; i++) m.b2[i] = (m.b2[i] as number) - lr * (gb2[i] as number);
    }
  }
  return m;
}

function toOnnx(cfg: TrainConfig, m: Mlp): Uint8Array {
  const layers: DenseLayer[] = [
    { inFeatures: FEATURES, outFeatures: m.hidden, weight: m.w1, bias: m.b1, relu: true },
    { inFeatures: m.hidden, outFeatures: CLASSES, weight: m.w2, bias: m.b2, relu: false },
  ];
  return modelBytes(
    denseGraph({
      graphName: cfg.name,
      inputName: 'pixels',
      outputName: 'logits',
      layers,
      dynamicBatch: true,
    }),
    {
      docString: `8x8 digit glyph classifier (${cfg.name}); input pixels in [0,1], output logits for "0".."9".`,
    },
  );
}

export interface BuiltModel {
  name: string;
  path: string;
  bytes: number;
  trainAccuracy: number;
  evalAccuracy: number;
}

/** Train every demo model and write `<name>.onnx` into outDir. */
export function buildDemoModels(
  outDir: string = DEMO_MODELS_DIR,
  dataDir: string = DEMO_DATA_DIR,
): BuiltModel[] {
  const trainSet = readJsonl(join(dataDir, 'train.jsonl'));
  const evalSet = readJsonl(join(dataDir, 'eval.jsonl'));
  mkdirSync(outDir, { recursive: true });
  return DEMO_CONFIGS.map((cfg) => {
    const m = train(cfg, trainSet);
    const bytes = toOnnx(cfg, m);
    const path = join(outDir, `${cfg.name}.onnx`);
    writeFileSync(path, bytes);
    return {
      name: cfg.name,
      path,
      bytes: bytes.length,
      trainAccuracy: accuracy(m, trainSet),
      evalAccuracy: accuracy(m, evalSet),
    };
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = outIdx >= 0 && args[outIdx + 1] ? (args[outIdx + 1] as string) : DEMO_MODELS_DIR;
  for (const r of buildDemoModels(outDir)) {
    process.stderr.write(
      `${r.name}: train acc ${r.trainAccuracy.toFixed(3)}, eval acc ${r.evalAccuracy.toFixed(3)}, ` +
        `${r.bytes} bytes -> ${r.path}\n`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
