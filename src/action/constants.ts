/** Action input and output names, in one place (action.yml declares the same). */
export const Inputs = {
  Config: 'config',
  GithubToken: 'github-token',
  WorkingDirectory: 'working-directory',
  FailOn: 'fail-on',
  Baseline: 'baseline',
  Record: 'record',
  Replay: 'replay',
  Cache: 'cache',
} as const;

export const Outputs = {
  Verdict: 'verdict',
  ResultsPath: 'results-path',
  ReportPath: 'report-path',
} as const;
