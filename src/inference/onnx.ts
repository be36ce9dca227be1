import { availableParallelism } from 'node:os';
import onnxProto from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';
import { UsageError } from '../errors.js';
import type { ModelSession, SessionOptions } from './backend.js';
import { type Dtype, type HostTensor, isDtype, type TensorData, type TensorInfo } from './tensor.js';

type OrtModule = typeof Ort;
let ortPromise: Promise<OrtModule> | undefined;

/** Platforms whose onnxruntime binaries the action's dist/ ships (the npm package resolves more). */
export const DIST_PLATFORMS = ['linux-x64'];
/** Platforms onnxruntime-node 1.30's npm package has binaries for (its bin/napi-v6/<os>/<arch>). */
export const NPM_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

/**
 * The error to stop with when onnxruntime-node cannot be loaded here: a missing binary for this
 * platform (the action's dist/ ships linux-x64 only) becomes a usage error that says where ONNX
 * models can run; anything else is returned as it is. No platform is refused before trying.
 */
export function runtimeLoadError(error: unknown, platform: string, arch: string): unknown {
  const here = `${platform}-${arch}`;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'MODULE_NOT_FOUND' && /onnxruntime_binding\.node/.test(message)) {
    return new UsageError(
      `ONNX models cannot run here: onnxruntime-node has no binary for ${here} in this install (${message.split('\n')[0]})`,
      `the action's dist/ ships onnxruntime binaries for ${DIST_PLATFORMS.join(', ')} only: use a Linux x64 runner (ubuntu-latest on GitHub, a Linux shared runner on GitLab), or run the npm package (npx --package open-autoglm-ci autoglm, the GitLab component), whose onnxruntime-node dependency has binaries for ${NPM_PLATFORMS.join(', ')}`,
    );
  }
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /onnxruntime-node/.test(message)) {
    return new UsageError(
      `ONNX models cannot run here: onnxruntime-node is not installed (${message.split('\n')[0]})`,
      'install open-autoglm-ci with its dependencies (npm install open-autoglm-ci), or run the action, whose dist/ ships it',
    );
  }
  return error;
}

/**
 * Load onnxruntime-node on first use only, so runs without an ONNX model never pay for it.
 * The bundle keeps it external; it resolves from dist/node_modules or the project's node_modules.
 */
export function loadOrt(): Promise<OrtModule> {
  ortPromise ??= (async () => {
    let mod: OrtModule & { default?: OrtModule };
    try {
      // webpackIgnore keeps the bundler from hoisting this into a static import at the top of dist/.
      mod = (await import(/* webpackIgnore: true */ 'onnxruntime-node')) as OrtModule & {
        default?: OrtModule;
      };
    } catch (e) {
      throw runtimeLoadError(e, process.platform, process.arch);
    }
    return mod.InferenceSession ? mod : (mod.default as OrtModule);
  })();
  return ortPromise;
}

let primed: Promise<void> | undefined;

/** A one-node Identity model: the smallest graph that makes onnxruntime set up its environment. */
function identityModel(): Uint8Array {
  const { onnx } = onnxProto;
  const value = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }] } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'prime',
      node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
      input: [value('x')],
      output: [value('y')],
    },
  }).finish();
}

/**
 * Load onnxruntime and run one trivial session, so its one-off environment set-up (thread pools,
 * allocators: ~25 MiB, ~20 ms here) is not charged to the memory and load time of the first model.
 */
export function primeRuntime(): Promise<void> {
  primed ??= (async () => {
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(identityModel(), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    await session.run({ x: new ort.Tensor('float32', new Float32Array([0]), [1]) });
    await session.release();
  })();
  return primed;
}

/** Sensible default for shared runners: leave a core for Node and the OS, never oversubscribe. */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

function toInfo(m: Ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!m.isTensor) return { name: m.name, dtype: 'non-tensor', shape: [] };
  return { name: m.name, dtype: m.type, shape: [...m.shape] };
}

function describeLoadError(file: string, e: unknown): UsageError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/protobuf parsing failed/i.test(msg)) {
    return new UsageError(
      `${file}: not a valid ONNX model (the file is not an ONNX protobuf, or it is truncated)`,
    );
  }
  if (/No such file|does not exist|ENOENT/i.test(msg)) return new UsageError(`${file}: model file not found`);
  return new UsageError(`${file}: onnxruntime could not load the model: ${msg.split('\n')[0]}`);
}

class OnnxSession implements ModelSession {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    readonly threads: { intraOp: number; interOp: number },
  ) {
    this.inputs = session.inputMetadata.map(toInfo);
    this.outputs = session.outputMetadata.map(toInfo);
  }

  get runtime() {
    return { name: 'onnxruntime-node', version: this.ort.env.versions.node ?? 'unknown' };
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      ortFeeds[name] = new this.ort.Tensor(t.dtype, t.data as never, t.dims);
    }
    const out = await this.session.run(ortFeeds);
    const result: Record<string, HostTensor> = {};
    for (const [name, t] of Object.entries(out)) {
      const dtype = isDtype(t.type) ? (t.type as Dtype) : 'float32';
      result[name] = { dtype, dims: [...t.dims], data: t.data as TensorData };
    }
    return result;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Open an ONNX model from a file or bytes. Load failures become usage errors that name the file. */
export async function createOnnxSession(
  file: string,
  options: SessionOptions = {},
  bytes?: Uint8Array,
): Promise<ModelSession> {
  const ort = await loadOrt();
  const threads = { intraOp: options.threads ?? defaultThreads(), interOp: 1 };
  const sessionOptions: Ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads.intraOp,
    interOpNumThreads: threads.interOp,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  };
  let session: Ort.InferenceSession;
  try {
    session = bytes
      ? await ort.InferenceSession.create(bytes, sessionOptions)
      : await ort.InferenceSession.create(file, sessionOptions);
  } catch (e) {
    throw describeLoadError(file, e);
  }
  return new OnnxSession(ort, session, threads);
}
