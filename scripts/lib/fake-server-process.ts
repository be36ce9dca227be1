/**
 * The loopback fake as a child process (bench:endpoints), so the server's CPU does not share the
 * client's event loop. Talks over IPC: `{url}` when listening; on "stop", `{okPerPrompt, throttled}`.
 */
import { startFakeOpenAI } from '../../test/fake-openai-server.js';

const [latency, throttle, seed] = process.argv.slice(2).map(Number) as [number, number, number];

function mulberry32(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rng = mulberry32(seed);
let enabled = false;
let throttled = 0;
const server = await startFakeOpenAI({
  latencyMs: latency,
  respond: (b) => ({ content: `answer to ${(b.messages as Array<{ content: string }>)[0]?.content}` }),
  fault: () => {
    if (!enabled || rng() >= throttle) return 'ok';
    throttled++;
    return { status: 429, retryAfter: '1', retryAfterMs: 50 };
  },
});
process.send?.({ url: server.url });
process.on('message', async (m: string) => {
  if (m === 'throttle') {
    server.log.length = 0;
    enabled = true;
    process.send?.({ ready: true });
  } else if (m === 'stop') {
    const okPerPrompt: Record<string, number> = {};
    for (const r of server.log) {
      if (r.outcome !== 'ok') continue;
      const q = (r.body.messages as Array<{ content: string }>)[0]?.content ?? '';
      okPerPrompt[q] = (okPerPrompt[q] ?? 0) + 1;
    }
    process.send?.({ okPerPrompt, throttled, requests: server.log.length });
    await server.close();
    process.disconnect();
  }
});
