import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { Results } from '../results/schema.js';

/**
 * Where the config's entries are, relative to the repository root: annotations point a
 * regression at its model's line of autoglm.yml, also from a publishing job without a checkout.
 */
export function configSources(loaded: LoadedConfig, configPath: string, root: string): Results['sources'] {
  const models: Record<string, number> = {};
  loaded.config.models.forEach((m, i) => {
    const line = Number(/:(\d+):\d+$/.exec(loaded.locate(['models', i]))?.[1]);
    if (line > 0) models[m.name] = line;
  });
  return {
    config: path.relative(root, configPath).split(path.sep).join('/'),
    models,
    ...(loaded.config.report.title ? { title: loaded.config.report.title } : {}),
  };
}
