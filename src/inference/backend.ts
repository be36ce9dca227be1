import type { HostTensor, TensorInfo } from './tensor.js';

/** A loaded model, whatever runs it. Implementations: ONNX (onnx.ts); remote endpoints later. */
export interface ModelSession {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Runtime name and version, recorded in the results' environment. */
  readonly runtime: { name: string; version: string };
  /** Threads the session was created with. */
  readonly threads: { intraOp: number; interOp: number };
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Intra-op threads; interOp is always 1 (sequential execution). */
  threads?: number;
}

/** The model can take several samples in one run: every input's first dimension is open. */
export function acceptsBatches(session: ModelSession): boolean {
  return session.inputs.every((i) => {
    const d = i.shape[0];
    return i.shape.length > 0 && (typeof d === 'string' || (typeof d === 'number' && d < 0));
  });
}
