import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configDoc, usageBlock, withUsage } from '../scripts/gen-docs.js';
import { configSections, undocumented, withConfigTables } from '../scripts/lib/config-reference.js';
import { ConfigSchema, GATE_METRICS } from '../src/config/schema.js';
import { TOOL_VERSION } from '../src/pipeline/version.js';
import { SCHEMA_VERSION } from '../src/results/schema.js';
import { ROOT } from './helpers.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('docs follow the source of truth', () => {
  it("README's usage block is generated from action.yml (npx tsx scripts/gen-docs.ts)", () => {
    const readme = read('README.md');
    expect(withUsage(readme, usageBlock(read('action.yml')))).toBe(readme);
  });

  it('docs/config.md has the key tables generated from the zod schema (npm run docs)', () => {
    const doc = read('docs/config.md');
    expect(configDoc(doc)).toBe(doc);
    for (const metric of GATE_METRICS) expect(doc, metric).toContain(`\`${metric}\``);
  });

  it('every config key has a type, a default column and a description', () => {
    const sections = configSections(ConfigSchema);
    expect(undocumented(sections)).toEqual([]);
    const models = sections.find((s) => s.path === 'models[]');
    expect(models?.rows.find((r) => r.key === 'batch_size')).toMatchObject({
      type: 'positive integer',
      default: '`1`',
    });
    expect(sections.find((s) => s.path === 'baseline')?.rows.find((r) => r.key === 'alpha')).toMatchObject({
      type: 'number in (0, 1)',
      default: '`0.01`',
    });
  });

  it('a section added to the schema appears under "Other keys" without editing the page', () => {
    const schema = ConfigSchema.extend({
      plan: z
        .strictObject({ shards: z.number().int().positive().default(1).describe('Parallel shards.') })
        .optional()
        .describe('Run planning.'),
    });
    const page = read('docs/config.md');
    const out = withConfigTables(page, configSections(schema));
    expect(out).toContain('| `plan` | map |  | Run planning. |');
    expect(out).toContain('### `plan`\n\n| key | type | default | description |');
    expect(out).toContain('| `shards` | positive integer | `1` | Parallel shards. |');
    expect(undocumented(configSections(ConfigSchema.extend({ x: z.string().optional() })))).toEqual(['x']);
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
