import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageBlock, withUsage } from '../scripts/gen-docs.js';
import {
  AdapterOptionsSchema,
  ConfigSchema,
  GATE_METRICS,
  GateSchema,
  ModelSchema,
  ReportSchema,
  SuiteSchema,
} from '../src/config/schema.js';
import { TOOL_VERSION } from '../src/pipeline/version.js';
import { SCHEMA_VERSION } from '../src/results/schema.js';
import { ROOT } from './helpers.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('docs follow the source of truth', () => {
  it("README's usage block is generated from action.yml (npx tsx scripts/gen-docs.ts)", () => {
    const readme = read('README.md');
    expect(withUsage(readme, usageBlock(read('action.yml')))).toBe(readme);
  });

  it('docs/config.md documents every config key and gate metric', () => {
    const doc = read('docs/config.md');
    for (const schema of [
      ConfigSchema,
      ModelSchema,
      SuiteSchema,
      GateSchema,
      ReportSchema,
      AdapterOptionsSchema,
    ]) {
      for (const key of Object.keys(schema.shape)) expect(doc, key).toContain(`\`${key}\``);
    }
    for (const metric of GATE_METRICS) expect(doc, metric).toContain(`\`${metric}\``);
  });

  it('docs/results.md names the current schemaVersion', () => {
    expect(read('docs/results.md')).toContain(`Current \`schemaVersion\`: **${SCHEMA_VERSION}**`);
  });

  it('the version in the bundle matches package.json', () => {
    expect(TOOL_VERSION).toBe(JSON.parse(read('package.json')).version);
  });

  it('the README quick start is exactly the two commands', () => {
    const quick = read('README.md').split('## Quick start')[1]?.split('```sh\n')[1]?.split('```')[0];
    expect(quick).toBe('npm ci && npm run demo\nnpm test\n');
  });
});
