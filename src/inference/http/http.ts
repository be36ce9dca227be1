import { HttpError } from './retry.js';
import type { EndpointSpec, LlmAnswer, LlmCall, WireRequest } from './types.js';

/** RFC 6901: `/a/0/b`, with `~1` for `/` and `~0` for `~`. */
export function jsonPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Fill `{{prompt}}`, `{{vars.NAME}}` and `{{NAME}}` in every string of the body template. */
function fill(template: unknown, call: LlmCall, params: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(template);
    const lookup = (name: string): unknown => {
      if (name === 'prompt') return call.prompt;
      if (name === 'messages') return call.messages;
      if (name.startsWith('vars.')) return call.vars[name.slice(5)];
      if (name.startsWith('params.')) return params[name.slice(7)];
      return call.vars[name];
    };
    // A template that is only `{{x}}` keeps x's JSON type (numbers, message lists).
    if (whole?.[1]) return lookup(whole[1]) ?? '';
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
      const v = lookup(name);
      return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, call, params));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, call, params)]));
  }
  return template;
}

/** Generic HTTP JSON: POST the filled template to the endpoint URL as it is. */
export function httpRequest(spec: EndpointSpec, call: LlmCall): WireRequest {
  const route = new URL(spec.endpoint).pathname;
  return { url: spec.endpoint, route, body: fill(spec.request, call, spec.params), stream: false };
}

export function readHttpJson(pointer: string): (json: unknown) => Pick<LlmAnswer, 'output'> {
  return (json) => {
    const v = jsonPointer(json, pointer);
    if (v === undefined) {
      throw new HttpError(
        `the answer has nothing at response pointer ${pointer}: ${JSON.stringify(json).slice(0, 200)}`,
        undefined,
        false,
      );
    }
    return { output: typeof v === 'string' ? v : JSON.stringify(v) };
  };
}
