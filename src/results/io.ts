import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { type Results, ResultsSchema, SCHEMA_VERSION } from './schema.js';
import { checkResults, resultsChunks } from './serialize.js';

/**
 * Write a file so readers see the old content or the new, never half of it: write a temporary
 * file in the same folder, flush it to disk, then rename it over the target.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array | Iterable<string>,
): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else for (const chunk of data) await handle.write(chunk);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writeResults(file: string, results: Results): Promise<void> {
  // Validate before writing so a bug can never store a document later runs would reject.
  let checked: Results;
  try {
    checked = checkResults(results);
  } catch (e) {
    throw new Error(`not writing ${file}: ${(e as Error).message}`);
  }
  await writeFileAtomic(file, resultsChunks(checked));
}

export async function readResults(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read results file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UsageError(
      `${file}: unsupported schemaVersion ${JSON.stringify(version)} (this version reads ${SCHEMA_VERSION})`,
    );
  }
  const parsed = ResultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${file}: invalid results document at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
