import { readFile } from 'node:fs/promises';
import picomatch from 'picomatch';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { PlanSuite } from './plan/select.js';

/** One anomaly event as logs or an APM tool export it (NDJSON, one object per line). */
const EventSchema = z.strictObject({
  time: z.string({ error: 'expected a time string' }),
  level: z.number({ error: 'expected a level 1-5' }).int({ error: 'expected a level 1-5' }).min(1).max(5),
  message: z.string({ error: 'expected a message string' }),
  stack: z.string().optional(),
  file: z.string().optional(),
  suite: z.string().optional(),
});
export type AnomalyEvent = z.infer<typeof EventSchema> & { where: string };

/** Parse an NDJSON events file; a bad line is an error naming `file:line` and what was expected. */
export function parseEvents(text: string, display: string): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${display}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`${where}: malformed JSON line: ${(e as Error).message}`);
    }
    const parsed = EventSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `${where}: ${issue?.path.join('.') || 'event'}: ${issue?.message} (an event is {time, level 1-5, message, stack or file, suite?})`,
      );
    }
    out.push({ ...parsed.data, where });
  });
  return out;
}

export async function readEvents(file: string, display = file): Promise<AnomalyEvent[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read events file ${display}: ${e.code ?? e.message}`);
  });
  return parseEvents(text, display);
}

/** Source paths named by a stack trace (JS `at f (path:1:2)`, Python `File "path", line 3`) or `file`. */
export function framesOf(event: Pick<AnomalyEvent, 'stack' | 'file'>): string[] {
  const files = new Set<string>();
  if (event.file) files.add(event.file.replace(/:\d+(:\d+)?$/, ''));
  for (const m of (event.stack ?? '').matchAll(
    /(?:\(|at\s+|File\s+")([^\s()"]+?\.[A-Za-z0-9]+)(?::\d+|",)/g,
  )) {
    files.add(m[1] as string);
  }
  return [...files].map((f) => f.replace(/^(?:file:\/\/)?(?:\.\/)?/, ''));
}

export interface TriageRow {
  time: string;
  level: number;
  message: string;
  suites: string[];
  action: 'escalate' | 'queue';
}

export interface Triage {
  rows: TriageRow[];
  /** Set when an event of level >= 4 asks for the full regression run now. */
  escalation?: string;
}

/**
 * Classify events: level >= 4 escalates this run to every suite; lower levels are queued for the
 * next scheduled run. Each event names the suites its stack frames (or file) touch through
 * their `paths:` and dependencies, or the one it names. Frames may be absolute: a glob matches
 * any path that ends with it.
 */
export function triage(events: readonly AnomalyEvent[], suites: readonly PlanSuite[]): Triage {
  const matchers = suites.map((s) => ({
    name: s.name,
    deps: new Set(s.deps),
    globs: (s.paths ?? []).map((g) => picomatch(g, { dot: true })),
  }));
  const rows = events.map((e): TriageRow => {
    const frames = framesOf(e);
    const hit = e.suite
      ? [e.suite]
      : matchers
          .filter((m) =>
            frames.some((f) => {
              const tails = f.split('/').map((_, i, parts) => parts.slice(i).join('/'));
              return tails.some((t) => m.deps.has(t) || m.globs.some((g) => g(t)));
            }),
          )
          .map((m) => m.name);
    return {
      time: e.time,
      level: e.level,
      message: e.message,
      suites: hit,
      action: e.level >= 4 ? 'escalate' : 'queue',
    };
  });
  const worst = rows.filter((r) => r.action === 'escalate').sort((a, b) => b.level - a.level)[0];
  return {
    rows,
    ...(worst
      ? {
          escalation: `level-${worst.level} anomaly at ${worst.time} (${worst.message.slice(0, 120)}): full regression run`,
        }
      : {}),
  };
}
