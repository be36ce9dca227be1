import { describe, expect, it } from 'vitest';
import { parseCobertura } from '../src/coverage/cobertura.js';
import { usageError } from './helpers.js';

const at = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 0 } });

/** A Cobertura document with the given `<sources>` and classes. */
function doc(classes: string, sources = ''): string {
  return [
    '<?xml version="1.0" ?>',
    '<coverage line-rate="0.5" branch-rate="0" version="1">',
    sources ? `  <sources>${sources}</sources>` : '',
    '  <packages><package name="p"><classes>',
    classes,
    '  </classes></package></packages>',
    '</coverage>',
  ].join('\n');
}

const parse = (text: string) => parseCobertura(text, 'cov.xml');
const fails = (text: string) => usageError(() => parse(text)).message;

describe('Cobertura: lines, methods and branches', () => {
  it('a statement per line in line order; hits of a line repeated (inner classes) added; fractional hits rounded', () => {
    const r = parse(
      doc(`<class name="A" filename="/abs/a.py"><lines>
        <line number="9" hits="2"/><line number="3" hits="0"/><line number="9" hits=" 1 "/>
        <line number="12" hits="1.6"/><line number="13" hits="-2"/>
      </lines></class>`),
    );
    expect(r.format).toBe('cobertura');
    expect(r.notices).toEqual([]);
    const data = r.entries[0]?.data;
    expect(data?.path).toBe('/abs/a.py');
    expect(data?.statementMap).toEqual({ 0: at(3), 1: at(9), 2: at(12), 3: at(13) });
    expect(data?.s).toEqual({ 0: 0, 1: 3, 2: 2, 3: 0 });
  });

  it('branch lines: one location per condition, the covered ones first; no branch data without branch="true"', () => {
    const data = parse(
      doc(`<class name="A" filename="/abs/a.py"><lines>
        <line number="8" hits="1" branch="true" condition-coverage="33% (1/3)"/>
        <line number="2" hits="1" branch="true" condition-coverage="100% (2 / 2)"/>
        <line number="4" hits="1" branch="false" condition-coverage="50% (1/2)"/>
        <line number="5" hits="1" branch="true" condition-coverage="0% (0/0)"/>
        <line number="6" hits="1" branch="true"/>
      </lines></class>`),
    ).entries[0]?.data;
    expect(data?.branchMap).toEqual({
      0: { loc: at(2), type: 'branch', locations: [at(2), at(2)], line: 2 },
      1: { loc: at(8), type: 'branch', locations: [at(8), at(8), at(8)], line: 8 },
    });
    expect(data?.b).toEqual({ 0: [1, 1], 1: [1, 0, 0] });
  });

  it("methods: line and hits from the method's first line unless it states its own hits; unnamed ones numbered", () => {
    const data = parse(
      doc(`<class name="A" filename="/abs/a.py"><methods>
        <method name="own" hits="7"><lines><line number="20" hits="1"/></lines></method>
        <method name="fromLine"><lines><line number="30" hits="4"/><line number="31" hits="9"/></lines></method>
        <method name="empty"/>
        <method><lines><line number="40" hits="0"/></lines></method>
      </methods><lines><line number="20" hits="1"/></lines></class>`),
    ).entries[0]?.data;
    expect(data?.fnMap).toEqual({
      0: { name: 'own', decl: at(20), loc: at(20), line: 20 },
      1: { name: 'fromLine', decl: at(30), loc: at(30), line: 30 },
      2: { name: 'empty', decl: at(1), loc: at(1), line: 1 },
      3: { name: '(method 3)', decl: at(40), loc: at(40), line: 40 },
    });
    expect(data?.f).toEqual({ 0: 7, 1: 4, 2: 0, 3: 0 });
  });

  it("istanbul's (empty-report) placeholder is flagged only when it is the class's one method", () => {
    const all = (methods: string) => {
      const r = parse(
        doc(`<class name="A" filename="/abs/a.js"><methods>${methods}</methods><lines/></class>`),
      );
      return (r.entries[0]?.data as { all?: boolean } | undefined)?.all;
    };
    expect(all('<method name="(empty-report)" hits="0"/>')).toBe(true);
    expect(all('<method name="(empty-report)" hits="0"/><method name="f" hits="0"/>')).toBeUndefined();
    expect(all('<method name="f" hits="0"/>')).toBeUndefined();
  });
});

describe('Cobertura: file names and <source> folders', () => {
  it('a relative filename is offered under each source (trailing slashes dropped), then as written', () => {
    const r = parse(
      doc(
        '<class name="A" filename="pkg/a.py"><lines/></class>',
        '<source> /ci/work/ </source><source>C:\\build\\\\</source><source>  </source><source/>',
      ),
    );
    expect(r.entries.map((e) => [e.rawPath, e.alternatives])).toEqual([
      ['/ci/work/pkg/a.py', ['C:\\build/pkg/a.py', 'pkg/a.py']],
    ]);
  });

  it('absolute filenames (POSIX, Windows, UNC) are taken as written; without sources too', () => {
    const classes = ['/abs/a.py', 'C:\\x\\b.py', 'd:/y/c.py', '\\\\srv\\d.py']
      .map((f, i) => `<class name="C${i}" filename="${f}"><lines/></class>`)
      .join('');
    expect(
      parse(doc(classes, '<source>/src</source>')).entries.map((e) => [e.rawPath, e.alternatives]),
    ).toEqual([
      ['/abs/a.py', undefined],
      ['C:\\x\\b.py', undefined],
      ['d:/y/c.py', undefined],
      ['\\\\srv\\d.py', undefined],
    ]);
    expect(parse(doc('<class name="A" filename="rel/a.py"><lines/></class>')).entries[0]?.rawPath).toBe(
      'rel/a.py',
    );
  });

  it('a <source> with attributes is read from its text', () => {
    const r = parse(doc('<class name="A" filename="a.py"><lines/></class>', '<source kind="x">/w</source>'));
    expect(r.entries[0]?.rawPath).toBe('/w/a.py');
  });
});

describe('Cobertura: bad input', () => {
  it('numbers: the class, line and attribute are named', () => {
    expect(
      fails(doc('<class name="A" filename="a.py"><lines><line number="x" hits="1"/></lines></class>')),
    ).toBe('cov.xml: class "A": expected a number for line "number", got "x"');
    expect(fails(doc('<class name="A" filename="a.py"><lines><line hits="1"/></lines></class>'))).toBe(
      'cov.xml: class "A": expected a number for line "number", got null',
    );
    expect(fails(doc('<class filename="a.py"><lines><line number="4" hits="1x"/></lines></class>'))).toBe(
      'cov.xml: class "a.py" line 4: expected a number for "hits", got "1x"',
    );
    expect(
      fails(doc('<class name="A" filename="a.py"><lines><line number="4" hits="x1"/></lines></class>')),
    ).toBe('cov.xml: class "A" line 4: expected a number for "hits", got "x1"');
    expect(
      fails(doc('<class name="A" filename="a.py"><lines><line number="4" hits="1."/></lines></class>')),
    ).toBe('cov.xml: class "A" line 4: expected a number for "hits", got "1."');
    expect(
      fails(doc('<class name="A" filename="a.py"><methods><method name="m" hits="?"/></methods></class>')),
    ).toBe('cov.xml: class "A" method m: expected a number for "hits", got "?"');
    expect(
      fails(
        doc(
          '<class name="A" filename="a.py"><methods><method name="m"><lines><line number="z" hits="1"/></lines></method></methods></class>',
        ),
      ),
    ).toBe('cov.xml: class "A" method m: expected a number for line "number", got "z"');
    expect(
      fails(
        doc(
          '<class name="A" filename="a.py"><methods><method name="m"><lines><line number="2" hits="-"/></lines></method></methods></class>',
        ),
      ),
    ).toBe('cov.xml: class "A" method m: expected a number for "hits", got "-"');
  });

  it('a class without a filename, a document without <coverage>, one without classes', () => {
    expect(fails(doc('<class name="A"><lines/></class>'))).toBe(
      'cov.xml: class "A" has no filename attribute',
    );
    expect(fails(doc('<class filename=""><lines/></class>'))).toBe(
      'cov.xml: class "?" has no filename attribute',
    );
    expect(fails('<?xml version="1.0"?><report/>')).toBe(
      'cov.xml: expected a Cobertura <coverage> root element',
    );
    expect(fails('<coverage/>')).toBe('cov.xml: expected a Cobertura <coverage> root element');
    expect(fails(doc(''))).toBe('cov.xml: empty coverage report (no <class> elements)');
  });

  it('truncated XML names the last line and the elements still open; malformed XML its line and column', () => {
    expect(fails('<coverage>\n  <packages>\n    <package>\n')).toBe(
      'cov.xml:3: truncated or malformed XML: the file ends with <coverage>, <packages>, <package> still open',
    );
    expect(fails('<coverage>\n<a></b>\n</coverage>')).toMatch(/^cov\.xml:2:\d+: malformed XML: .+/);
  });
});
