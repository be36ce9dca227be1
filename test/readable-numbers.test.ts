import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { show } from '../src/compare/compare.js';
import { demoCopy, runCli } from './helpers.js';

describe('numbers a reader sees', () => {
  it('reasons carry 4 significant digits, times in µs or ms', () => {
    expect(show(0.747377797961235)).toBe('0.7474');
    expect(show(0.005815439992584288, 'latency.mean_ms')).toBe('5.8 µs');
    expect(show(12.3456, 'load_time_ms')).toBe('12.35 ms');
    expect(show(38970, 'size_bytes')).toBe('38970');
  });

  it("the demo's report: no 17-digit floats, and latency details in the tables' units", () => {
    const dir = demoCopy();
    const r = runCli(['run'], dir);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8');
    expect(md.match(/\d\.\d{7,}/g) ?? []).toEqual([]);
    const details = md.split('\n').filter((l) => /: p50 /.test(l));
    expect(details.length).toBe(3);
    for (const line of details) expect(line).toMatch(/p50 [\d.]+ (µs|ms), p99 [\d.]+ (µs|ms), batch/);
    // base and head of a latency metric in the comparison table, in the same units
    expect(md).toMatch(/\| `latency\.p50_ms` \| `digits-v1` \| [\d.]+ (µs|ms) \| [\d.]+ (µs|ms) \|/);
  });

  it('baseline show: times and sizes in the units of the tables', () => {
    const r = runCli(['baseline', 'show'], demoCopy());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /digits-eval\/digits-v1: accuracy 92\.0% mean latency [\d.]+ (µs|ms), size 38\.1 KiB/,
    );
  });
});
