/**
 * Server-sent events from a fetch body: yields each `data:` payload, skips `:` comments (llama.cpp
 * pings) and stops at `[DONE]`; a stream that ends without `[DONE]` simply ends.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line === '') {
          // A blank line ends an event.
          if (data.length) {
            const payload = data.join('\n');
            data = [];
            if (payload.trim() === '[DONE]') return;
            yield payload;
          }
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
        nl = buffer.indexOf('\n');
      }
      if (done) break;
    }
    const rest = [...data, ...(buffer.startsWith('data:') ? [buffer.slice(5).trim()] : [])].join('\n');
    if (rest && rest.trim() !== '[DONE]') yield rest;
  } finally {
    reader.releaseLock();
  }
}
