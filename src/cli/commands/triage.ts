import path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { ExitCode, UsageError } from '../../errors.js';
import { planSuitesOf, repoRoot } from '../../pipeline/plan/index.js';
import { readEvents, triage } from '../../pipeline/triage.js';
import { renderTriage } from '../../report/plan.js';
import { parseFlags } from '../args.js';
import { COMMON_HELP, type Command, writeJson } from './shared.js';

export const triageCommand: Command = {
  summary: 'classify anomaly events: level >= 4 escalates to the full run, lower levels are queued',
  help: `Usage: autoglm triage --events FILE [options]

Reads anomaly events exported from logs or an APM tool (NDJSON, one per line:
{"time": "...", "level": 1-5, "message": "...", "stack": "..." or "file": "...", "suite": "..."}),
maps each to the suites its stack frames touch (through their paths: and dependencies) and prints
the triage table. Level >= 4 means the full regression run now (autoglm run --events FILE runs
every suite); lower levels wait for the next scheduled run.

Options:
  --events FILE     the events (required)
${COMMON_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags('triage', argv, {
      events: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'string' },
      debug: { type: 'boolean' },
    });
    if (!values.events)
      throw new UsageError('autoglm triage: --events FILE is required', 'see autoglm triage --help');
    const config = values.config ?? DEFAULT_CONFIG_FILE;
    const loaded = await loadConfig(path.resolve(io.cwd, config), config);
    const events = await readEvents(path.resolve(io.cwd, values.events), values.events);
    const result = triage(events, planSuitesOf(loaded, await repoRoot(loaded.dir)));
    io.stdout(`${renderTriage(result.rows, false)}\n\n`);
    io.stdout(
      result.escalation
        ? `Escalation: ${result.escalation}\n`
        : `No event of level >= 4: ${result.rows.length} event(s) wait for the next scheduled run.\n`,
    );
    await writeJson(values.json, io.cwd, result);
    return ExitCode.Pass;
  },
};
