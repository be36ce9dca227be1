import path from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { inspectModel, renderModelInfo } from '../../inference/inspect.js';
import { fmtBytes } from '../../report/format.js';
import { parseFlags } from '../args.js';
import { type Command, writeJson } from './shared.js';

export const inspectCommand: Command = {
  summary: "show an ONNX model's inputs, outputs, opsets, size and whether it can be quantized",
  help: `Usage: autoglm inspect MODEL.onnx [MODEL.onnx ...] [--json FILE]

Reads each ONNX file (no runtime is loaded) and prints its inputs and outputs with dtypes and
shapes (dynamic dimensions by name), the opsets it imports, its size, and how many float32 weights
weight-only int8 quantization (quantize: true in autoglm.yml) would store as int8, with the size
that gives. Also prints the synthetic input specs to paste into a suite's dataset.

Options:
  --json FILE   also write the same facts as JSON (a list, one entry per model)
  --debug       print stack traces of internal errors
  -h, --help    show this help

Exit codes: 0 done, 2 a file is missing or not an ONNX model, 3 internal error.`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'inspect',
      argv,
      { json: { type: 'string' }, debug: { type: 'boolean' } },
      true,
    );
    if (positionals.length === 0) {
      throw new UsageError('autoglm inspect: name at least one .onnx file', 'autoglm inspect model.onnx');
    }
    const infos = [];
    for (const file of positionals) {
      const info = await inspectModel(path.resolve(io.cwd, file), file);
      infos.push(info);
      io.stdout(renderModelInfo(info, fmtBytes) + (positionals.length > 1 ? '\n' : ''));
    }
    await writeJson(values.json, io.cwd, infos);
    return ExitCode.Pass;
  },
};
