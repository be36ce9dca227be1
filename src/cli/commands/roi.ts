import path from 'node:path';
import { renderRoi, roiReport } from '../../cost/roi.js';
import { loadRoiConfig } from '../../cost/roi-config.js';
import { ExitCode, UsageError } from '../../errors.js';
import { parseFlags } from '../args.js';
import { type Command, writeJson } from './shared.js';

export const roiCommand: Command = {
  summary: 'discounted payback of the CI investment, with a sensitivity table',
  help: `Usage: autoglm roi --config roi.yml [--json FILE]

Computes, from roi.yml, the discounted payback period (the year in which discounted yearly benefit
minus running cost first covers the initial cost) and the net present value over the horizon, then
a one-at-a-time sensitivity table: yearly benefit -20% and +20%, discount rate 10%, running cost
+30%, or the variations listed under sensitivity:. A model that does not pay back within the
horizon says "no payback within N years".

roi.yml:
  initial_cost: 120000     # one-off
  yearly_benefit: 60000
  running_cost: 10000      # per year (default 0)
  discount_rate: 0.05      # 5% a year
  horizon: 10              # years (default 10)
  currency: USD
  sensitivity:             # optional
    - {parameter: yearly_benefit, change: -0.3}
    - {parameter: discount_rate, change: 0.12}

Options:
  --config FILE   the ROI model (required)
  --json FILE     also write the table as JSON
  -h, --help      show this help

Exit codes: 0 done, 2 bad input or usage, 3 internal error.`,
  async run(argv, io) {
    const { values } = parseFlags('roi', argv, {
      config: { type: 'string' },
      json: { type: 'string' },
      debug: { type: 'boolean' },
    });
    if (!values.config)
      throw new UsageError('autoglm roi: --config roi.yml is required', 'see autoglm roi --help');
    const config = await loadRoiConfig(path.resolve(io.cwd, values.config), values.config);
    const report = roiReport(config.input, config.variations);
    io.stdout(`${renderRoi(report, config.currency)}\n`);
    await writeJson(values.json, io.cwd, { ...report, currency: config.currency });
    return ExitCode.Pass;
  },
};
