/** Action input and output names, in one place (action.yml declares the same). */
export const Inputs = {
  Config: 'config',
  GithubToken: 'github-token',
  WorkingDirectory: 'working-directory',
  FailOn: 'fail-on',
  Baseline: 'baseline',
  Comment: 'comment',
  Mode: 'mode',
  ResultsArtifact: 'results-artifact',
  Record: 'record',
  Replay: 'replay',
  Cache: 'cache',
} as const;

export const MODES = ['auto', 'analyze', 'publish'] as const;
export type Mode = (typeof MODES)[number];

export const Outputs = {
  Verdict: 'verdict',
  ResultsPath: 'results-path',
  ReportPath: 'report-path',
  CommentUrl: 'comment-url',
  CheckUrl: 'check-url',
} as const;
