import { baselineCommand } from './baseline.js';
import { compareCommand } from './compare.js';
import { coverageCommand } from './coverage.js';
import { doctorCommand } from './doctor.js';
import { evalCommand } from './eval.js';
import { initCommand } from './init.js';
import { inspectCommand } from './inspect.js';
import { mergeCommand } from './merge.js';
import { roiCommand } from './roi.js';
import { runCommand } from './run.js';
import type { Command } from './shared.js';
import { testgenCommand } from './testgen.js';
import { triageCommand } from './triage.js';

export type { Command, Io } from './shared.js';

/** Every CLI command by name; `autoglm --help` lists them in this order. */
export const COMMANDS: Record<string, Command> = {
  run: runCommand,
  eval: evalCommand,
  coverage: coverageCommand,
  compare: compareCommand,
  baseline: baselineCommand,
  init: initCommand,
  inspect: inspectCommand,
  doctor: doctorCommand,
  testgen: testgenCommand,
  merge: mergeCommand,
  triage: triageCommand,
  roi: roiCommand,
};
