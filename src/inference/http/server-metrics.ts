/**
 * Server memory from a Prometheus text exposition (vLLM and TGI serve `/metrics`):
 * `process_resident_memory_bytes` of the serving process, in MiB. Undefined when the server
 * does not report it: the report then says "n/a", never a made-up number.
 */
export function residentMemoryMiB(exposition: string): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(line.trim());
    if (m?.[1] !== undefined) {
      const v = Number(m[1]);
      // Several labelled series (multi-process servers) add up to the server's memory.
      if (Number.isFinite(v)) total = (total ?? 0) + v;
    }
  }
  return total === undefined ? undefined : total / (1024 * 1024);
}

/** GET <origin>/metrics; any failure (no such route, timeout) means "not reported". */
export async function scrapeMemoryMiB(
  endpoint: string,
  headers: Record<string, string>,
  timeoutMs = 5000,
): Promise<number | undefined> {
  try {
    const url = new URL('/metrics', endpoint);
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return residentMemoryMiB(await res.text());
  } catch {
    return undefined;
  }
}
