import type { AdapterOptions } from '../config/schema.js';
import { didYouMean } from '../config/suggest.js';
import { UsageError } from '../errors.js';
import { getAdapter } from './adapters.js';
import { type EndpointOptions, endpointSpec } from './http/register.js';
import type { EndpointSpec } from './http/types.js';

/** A model the engine can evaluate: where it lives, how to read it, what it can do. */
export interface ModelSpec {
  name: string;
  /** ONNX file (absolute, or relative to the working directory). */
  path?: string;
  endpoint?: string;
  adapter: AdapterOptions;
  capabilities: string[];
  batchSize: number;
  quantize: boolean;
  threads?: number;
  warmup: number;
  /** Endpoint models: how to reach and ask the server (src/inference/http). */
  remote?: EndpointSpec;
  /** Set on the int8 copy the engine makes of a `quantize: true` model. */
  quantizedFrom?: string;
  /** The baseline version of this model to time against (default: the same path at the merge-base). */
  baselineModel?: string;
  /** tokenizer.json of an ONNX model that reads text (LLM suites: `similar`, text classifiers). */
  tokenizer?: string;
  /** How a text embedding model's token states become one vector (default mean). */
  pooling?: 'mean' | 'cls';
}

export interface RegisterOptions extends Partial<Omit<EndpointOptions, 'adapter'>> {
  path?: string;
  endpoint?: string;
  adapter?: string | AdapterOptions;
  labels?: string[];
  capabilities?: string[];
  batchSize?: number;
  quantize?: boolean;
  threads?: number;
  warmup?: number;
  baselineModel?: string;
  tokenizer?: string;
  pooling?: 'mean' | 'cls';
}

/** Normalise `adapter: classifier` + `labels: [...]` into one options object and check the name. */
export function adapterOptions(
  adapter: string | AdapterOptions | undefined,
  labels?: string[],
): AdapterOptions {
  const options: AdapterOptions =
    typeof adapter === 'string' ? { type: adapter } : { ...(adapter ?? { type: 'tensor' }) };
  if (labels && !options.labels) options.labels = labels;
  getAdapter(options.type);
  return options;
}

/** The model registry: models by name, matched to suites by name or capabilities. */
export class ModelRegistry {
  private readonly models = new Map<string, ModelSpec>();

  register(name: string, options: RegisterOptions): ModelSpec {
    if (this.models.has(name)) throw new UsageError(`model "${name}" is already registered`);
    if ((options.path === undefined) === (options.endpoint === undefined)) {
      throw new UsageError(`model "${name}": give exactly one of path (ONNX file) or endpoint`);
    }
    if (options.endpoint !== undefined) {
      if (options.tokenizer !== undefined)
        throw new UsageError(
          `model "${name}": tokenizer is for ONNX models; an endpoint tokenizes on its server`,
        );
      // An api: http endpoint serving a tensor model reads its answers with an ONNX adapter
      // (classifier, regression) in dataset suites; it is asked like a chat model otherwise.
      const type = typeof options.adapter === 'string' ? options.adapter : options.adapter?.type;
      const tensorAdapter = options.api === 'http' && (type === 'classifier' || type === 'regression');
      const remote = endpointSpec(name, {
        ...options,
        endpoint: options.endpoint,
        ...(tensorAdapter ? { adapter: 'chat' } : {}),
      });
      const spec: ModelSpec = {
        name,
        endpoint: options.endpoint,
        adapter: tensorAdapter ? adapterOptions(options.adapter, options.labels) : { type: remote.kind },
        capabilities: options.capabilities ?? [],
        batchSize: 1,
        quantize: false,
        warmup: 0,
        remote,
      };
      this.models.set(name, spec);
      return spec;
    }
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new UsageError(`model "${name}": batch_size: expected a positive integer, got ${batchSize}`);
    }
    const spec: ModelSpec = {
      name,
      path: options.path,
      adapter: adapterOptions(options.adapter, options.labels),
      capabilities: options.capabilities ?? [],
      batchSize,
      quantize: options.quantize ?? false,
      threads: options.threads,
      warmup: options.warmup ?? 3,
      ...(options.baselineModel ? { baselineModel: options.baselineModel } : {}),
      ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}),
      ...(options.pooling ? { pooling: options.pooling } : {}),
    };
    this.models.set(name, spec);
    return spec;
  }

  /** Add a derived model (e.g. the int8 copy) under its own name. */
  add(spec: ModelSpec): void {
    if (this.models.has(spec.name)) throw new UsageError(`model "${spec.name}" is already registered`);
    this.models.set(spec.name, spec);
  }

  get(name: string): ModelSpec {
    const spec = this.models.get(name);
    if (!spec) {
      const hint = didYouMean(name, [...this.models.keys()]);
      throw new UsageError(`no model named "${name}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    return spec;
  }

  /** Models having every one of the capabilities, in registration order. */
  withCapabilities(capabilities: readonly string[]): ModelSpec[] {
    return this.list().filter((m) => capabilities.every((c) => m.capabilities.includes(c)));
  }

  list(): ModelSpec[] {
    return [...this.models.values()];
  }
}

/** The default registry for library users: `registry.register('m', { path: 'm.onnx' })`. */
export const registry = new ModelRegistry();
