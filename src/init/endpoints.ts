/**
 * Endpoint configs `autoglm init` reads: a promptfoo config (its providers become endpoint models,
 * its tests an LLM suite) and an OpenAI-style env example (`.env.example`: the base URL, and the
 * *name* of the key variable; values of key variables are never read into the config).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { EndpointProfile } from '../config/llm.js';

export interface FoundEndpoint {
  name: string;
  endpoint: string;
  profile: EndpointProfile;
  api?: 'http';
  adapter?: 'completion' | 'embedding';
  api_key_env?: string;
  params?: Record<string, unknown>;
  request?: unknown;
  response?: string;
  /** Where it was read: `promptfooconfig.yaml providers[0]`, `.env.example`. */
  from: string;
}

export interface EndpointDetection {
  endpoints: FoundEndpoint[];
  /** Repo-relative promptfoo config whose tests (and prompts) the LLM suite takes as `cases:`. */
  cases?: string;
  /** Providers left out and why, endpoints a CI runner cannot reach. */
  notes: string[];
}

/** Example env files: committed, without real values. `.env` itself is never read. */
export const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template'];
const BASE_URL_VARS = ['OPENAI_BASE_URL', 'OPENAI_API_BASE_URL', 'OPENAI_API_BASE'];
const KEY_VARS = ['OPENAI_API_KEY'];
const PROMPTFOO_CONFIG = /(^|\/)promptfooconfig\.(ya?ml|json)$/;
/** Request parameters of a promptfoo provider config that mean the same in ours. */
const PARAMS = [
  'temperature',
  'max_tokens',
  'top_p',
  'seed',
  'stop',
  'frequency_penalty',
  'presence_penalty',
];

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

interface EnvExample {
  file: string;
  baseUrl?: string;
  baseUrlVar?: string;
  keyVar?: string;
}

/** Names in an env example; the value only of a base-URL variable, and only when it is a URL. */
export function readEnvExample(text: string, file: string): EnvExample | undefined {
  const out: EnvExample = { file };
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, name = '', rawValue = ''] = m;
    if (BASE_URL_VARS.includes(name) && !out.baseUrlVar) {
      out.baseUrlVar = name;
      const value = rawValue.replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2');
      if (/^https?:\/\/[^\s]+$/.test(value) && !/@/.test(value)) out.baseUrl = value;
    }
    if (KEY_VARS.includes(name) && !out.keyVar) out.keyVar = name;
  }
  return out.baseUrlVar || out.keyVar ? out : undefined;
}

const uniqueName = (wanted: string, taken: Set<string>): string => {
  let name = wanted.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'llm';
  while (taken.has(name)) name = `${name}-2`;
  taken.add(name);
  return name;
};

/** promptfoo's `transformResponse: json.choices[0].text` as a JSON pointer; undefined when it is code. */
export function pointerOf(transform: unknown): string | undefined {
  if (typeof transform !== 'string') return undefined;
  const m = /^\s*(?:json|data)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[(['"])[^'"]+\2\])+)\s*$/.exec(transform);
  if (!m?.[1]) return undefined;
  const parts = [...m[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[(['"])([^'"]+)\3\]/g)].map(
    (p) => p[1] ?? p[2] ?? p[4] ?? '',
  );
  return `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

const isLocal = (url: string): boolean => {
  try {
    return ['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/** The providers of a promptfoo config as {id, label, config} items, whatever form it takes. */
function providerItems(providers: unknown): Array<{ id: string; label?: string; config: Raw }> {
  const list = Array.isArray(providers) ? providers : providers === undefined ? [] : [providers];
  return list.flatMap((p) => {
    if (typeof p === 'string') return [{ id: p, config: {} }];
    if (!isMap(p)) return [];
    if (typeof p.id === 'string') {
      return [
        {
          id: p.id,
          ...(typeof p.label === 'string' ? { label: p.label } : {}),
          config: isMap(p.config) ? p.config : {},
        },
      ];
    }
    // The map form: {'openai:gpt-4o': {config: ...}}.
    return Object.entries(p).map(([id, v]) => ({
      id,
      ...(isMap(v) && typeof v.label === 'string' ? { label: v.label } : {}),
      config: isMap(v) && isMap(v.config) ? v.config : {},
    }));
  });
}

function paramsOf(config: Raw, model?: string): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = model ? { model } : {};
  for (const k of PARAMS) if (config[k] !== undefined) params[k] = config[k];
  return Object.keys(params).length ? params : undefined;
}

/** One promptfoo provider as an endpoint model, or the reason it is left out. */
function endpointOf(
  item: { id: string; label?: string; config: Raw },
  from: string,
  env: EnvExample | undefined,
  taken: Set<string>,
): FoundEndpoint | string {
  const { id, config } = item;
  const api = /^(openai|vllm|ollama):(?:(chat|completion|embeddings?):)?(.+)$/.exec(id);
  if (api) {
    const [, family = '', kind, model = ''] = api;
    const adapter =
      kind === 'completion'
        ? ('completion' as const)
        : kind?.startsWith('embedding')
          ? ('embedding' as const)
          : undefined;
    const configured =
      typeof config.apiBaseUrl === 'string'
        ? config.apiBaseUrl
        : typeof config.apiHost === 'string'
          ? `https://${config.apiHost}/v1`
          : undefined;
    let endpoint: string;
    let profile: EndpointProfile;
    if (family === 'ollama') {
      endpoint = configured ?? 'http://localhost:11434';
      profile = 'ollama';
    } else {
      endpoint =
        configured ??
        (family === 'vllm' ? 'http://localhost:8000' : (env?.baseUrl ?? 'https://api.openai.com/v1'));
      profile = family === 'vllm' || /vllm/i.test(`${item.label ?? ''}`) ? 'vllm' : 'openai';
    }
    const keyEnv =
      typeof config.apiKeyEnvar === 'string'
        ? config.apiKeyEnvar
        : family === 'openai'
          ? (env?.keyVar ?? 'OPENAI_API_KEY')
          : undefined;
    const params = paramsOf(config, model);
    return {
      name: uniqueName(item.label ?? model, taken),
      endpoint,
      profile,
      ...(adapter ? { adapter } : {}),
      ...(keyEnv ? { api_key_env: keyEnv } : {}),
      ...(params ? { params } : {}),
      from,
    };
  }
  const url = /^https?:\/\//.test(id) ? id : typeof config.url === 'string' ? config.url : undefined;
  if (url && (/^https?:\/\//.test(id) || id === 'http' || id === 'https')) {
    if (typeof config.method === 'string' && config.method.toUpperCase() !== 'POST')
      return `${from} (${id}): autoglm posts a JSON body; method ${config.method} is not supported`;
    const response = pointerOf(config.transformResponse);
    if (config.body === undefined || response === undefined)
      return `${from} (${id}): an HTTP provider needs a JSON body and a transformResponse of the form json.a.b[0] (read as response: /a/b/0); write the model by hand (docs/llm.md)`;
    return {
      name: uniqueName(item.label ?? new URL(url).hostname, taken),
      endpoint: url,
      profile: 'openai',
      api: 'http',
      request: config.body,
      response,
      from,
    };
  }
  return `${from} (${id}): autoglm calls OpenAI-compatible servers (openai:, vllm:, ollama:) and HTTP JSON endpoints; write this model by hand (docs/llm.md)`;
}

/** Endpoint models and an LLM suite from the promptfoo config and env example of `cwd`. */
export function detectEndpoints(cwd: string, files: string[]): EndpointDetection {
  const notes: string[] = [];
  const envFile = ENV_EXAMPLES.find((f) => existsSync(path.join(cwd, f)));
  const env = envFile ? readEnvExample(readFileSync(path.join(cwd, envFile), 'utf8'), envFile) : undefined;
  const taken = new Set<string>();
  const endpoints: FoundEndpoint[] = [];
  let cases: string | undefined;
  const config = files
    .filter((f) => PROMPTFOO_CONFIG.test(f))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (config) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(path.join(cwd, config), 'utf8'));
    } catch (e) {
      notes.push(`left out ${config}: ${(e as Error).message.split('\n')[0]}`);
    }
    if (isMap(doc)) {
      providerItems(doc.providers).forEach((item, i) => {
        const found = endpointOf(item, `${config} providers[${i}]`, env, taken);
        if (typeof found === 'string') notes.push(`left out ${found}`);
        else endpoints.push(found);
      });
      if (doc.tests !== undefined) cases = config;
      else
        notes.push(`${config} has no tests: add a suite with cases: (docs/llm.md) to evaluate its providers`);
    }
  }
  // An env example without a promptfoo provider: one OpenAI-compatible model named after the file.
  if (endpoints.length === 0 && env?.baseUrl) {
    endpoints.push({
      name: uniqueName('llm', taken),
      endpoint: env.baseUrl,
      profile: 'openai',
      ...(env.keyVar ? { api_key_env: env.keyVar } : {}),
      from: `${env.file} (${env.baseUrlVar})`,
    });
    if (!cases)
      notes.push(
        `${env.file} names an endpoint but no test cases were found: add a suite with cases: (docs/llm.md)`,
      );
  }
  for (const e of endpoints.filter((x) => isLocal(x.endpoint))) {
    notes.push(
      `model ${e.name} calls ${e.endpoint}, which a CI runner does not serve: record cassettes locally (autoglm run --record llm-cassettes), commit them and set replay: llm-cassettes on the suite (docs/llm.md)`,
    );
  }
  return { endpoints, ...(cases ? { cases } : {}), notes };
}
