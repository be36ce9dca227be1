import type { Finding } from '../results/comparison.js';
import type { GateOutcome, Results } from '../results/schema.js';
import { escapeXml } from './coverage.js';
import { fmtNum } from './format.js';

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; type: string };
  skipped?: string;
  out?: string;
}

function gateCase(g: GateOutcome): Case {
  const rule =
    [g.min !== undefined ? `>= ${g.min}` : '', g.max !== undefined ? `<= ${g.max}` : '']
      .filter(Boolean)
      .join(' and ') ||
    (g.rule ?? '');
  const value = g.value === null ? 'not measured' : fmtNum(g.value);
  const c: Case = { name: `${g.model}: ${g.metric} ${rule}`, classname: `autoglm.${g.suite}.gates` };
  if (g.status === 'missing') c.skipped = `${g.metric} was not measured`;
  else if (g.status === 'not applicable' || g.status === 'not evaluated')
    c.skipped = `${g.status}: ${g.reason ?? ''}`;
  else if (g.status === 'fail' && g.mode === 'block')
    c.failure = { message: `${g.metric} is ${value}, needs ${rule}`, type: 'gate' };
  else c.out = `${g.metric} = ${value}${g.status === 'fail' ? ` (fails ${rule}; mode ${g.mode})` : ''}`;
  return c;
}

function findingCase(f: Finding): Case {
  const fmt = (x: number | null) => (x === null ? 'n/a' : fmtNum(x));
  const c: Case = {
    name: `${f.model}: ${f.metric} vs baseline`,
    classname: `autoglm.${f.suite}.baseline`,
  };
  const text = `${fmt(f.base)} -> ${fmt(f.current)}: ${f.outcome} (${f.reason})`;
  if (f.outcome === 'regression' && f.mode === 'block') c.failure = { message: text, type: 'regression' };
  else c.out = text;
  return c;
}

/**
 * The eval run as JUnit XML (GitLab's `artifacts:reports:junit`): one test suite per eval suite,
 * a test case per gate and per metric compared with the baseline. Blocking failures fail; warn
 * and info outcomes pass with their text in system-out; unmeasured gates are skipped.
 */
export function renderEvalJunit(results: Results): string {
  const suites = results.suites.map((s) => {
    const cases = [
      ...results.gates.filter((g) => g.suite === s.name).map(gateCase),
      ...(results.comparison?.findings ?? []).filter((f) => f.suite === s.name).map(findingCase),
    ];
    return { name: s.name, cases };
  });
  const attr = (s: string) => escapeXml(s);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="autoglm" tests="${total}" failures="${failures}" errors="0">`,
  ];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure).length;
    const sk = s.cases.filter((c) => c.skipped).length;
    out.push(
      `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="${sk}" timestamp="${attr(results.createdAt)}">`,
    );
    for (const c of s.cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="0"`;
      if (!c.failure && !c.skipped && !c.out) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (c.failure)
        out.push(
          `      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${escapeXml(c.failure.message)}</failure>`,
        );
      if (c.skipped) out.push(`      <skipped message="${attr(c.skipped)}"/>`);
      if (c.out) out.push(`      <system-out>${escapeXml(c.out)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
