import type { FileCoverageData } from 'istanbul-lib-coverage';
import type { CoverageFormat } from '../results/coverage.js';

/** One file's coverage as a report states it, before its path is mapped onto the repository. */
export interface RawEntry {
  /** The path as written in the report (a `file://` URL already turned into a path). */
  rawPath: string;
  /**
   * Other spellings to try when `rawPath` matches nothing, in order (Cobertura: one per
   * `<source>` it may be relative to).
   */
  alternatives?: string[];
  data: FileCoverageData;
}

/** What a parser makes of one report file. */
export interface ParsedReport {
  format: CoverageFormat;
  entries: RawEntry[];
  notices: string[];
}

/** A report file as read from disk: its name in messages, its folder relative to the root, and its text. */
export interface ReportInput {
  /** Name used in messages (relative to the working directory when possible). */
  name: string;
  /** Absolute path. */
  file: string;
  text: string;
}
