/**
 * `npm run docs`: rewrite the README's usage block from action.yml (the source of truth for
 * inputs and outputs) and the key tables of docs/config.md from the config's zod schema.
 * test/docs.test.ts fails when either committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigSchema } from '../src/config/schema.js';
import { configSections, undocumented, withConfigTables } from './lib/config-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- start usage -->';
const END = '<!-- end usage -->';

interface ActionMeta {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function usageBlock(actionYml: string): string {
  const meta = parse(actionYml) as ActionMeta;
  const inputs = Object.entries(meta.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.default === undefined ? '' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
  );
  const outputs = Object.entries(meta.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return [
    START,
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

export function withUsage(readme: string, block: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

/** docs/config.md with its key tables regenerated; throws naming every key without a description. */
export function configDoc(page: string): string {
  const sections = configSections(ConfigSchema);
  const missing = undocumented(sections);
  if (missing.length) {
    throw new Error(
      `config keys without a description (add .describe() in src/config/): ${missing.join(', ')}`,
    );
  }
  return withConfigTables(page, sections);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readmePath = path.join(root, 'README.md');
  const block = usageBlock(readFileSync(path.join(root, 'action.yml'), 'utf8'));
  writeFileSync(readmePath, withUsage(readFileSync(readmePath, 'utf8'), block));
  const configPath = path.join(root, 'docs', 'config.md');
  writeFileSync(configPath, configDoc(readFileSync(configPath, 'utf8')));
}
