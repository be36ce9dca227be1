import { describe, expect, it } from 'vitest';
import { escapeMarkdown, inlineCode, redact, secretsFromEnv } from '../src/report/escape.js';

// Untrusted text (PR titles, model names, paths, server errors) on its way to a PR comment or MR note.
describe('escapeMarkdown: untrusted text stays inert', () => {
  it('a CRLF or a run of blank lines becomes one space, so no new block can start', () => {
    expect(escapeMarkdown('a\r\n\r\nb')).toBe('a b');
    expect(escapeMarkdown('a\rb')).toBe('a b');
    expect(escapeMarkdown('x\n/approve')).toBe('x /approve');
  });

  it('a quick action only at the very start is defused; a slash later is left alone', () => {
    expect(escapeMarkdown('/merge now')).toBe('\\/merge now');
    expect(escapeMarkdown('see /merge')).toBe('see /merge');
  });

  it('#/! references: a joiner only before a digit, and after every sign of a run', () => {
    expect(escapeMarkdown('!7 and #8 and !x and #y')).toBe('!\u20607 and \\#\u20608 and !x and \\#y');
    expect(escapeMarkdown('!!9')).toBe('!!\u20609');
    expect(escapeMarkdown('#1#2')).toBe('\\#\u20601\\#\u20602');
  });

  it('HTML entities cannot be smuggled in: & is escaped after the markup characters', () => {
    expect(escapeMarkdown('&lt;img&gt;')).toBe('&amp;lt;img&amp;gt;');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(escapeMarkdown('a@b @@c')).toBe('a@\u2060b @\u2060@\u2060c');
  });
});

describe('inlineCode: a code span nothing can break out of', () => {
  it('a CRLF or a run of newlines becomes one space', () => {
    expect(inlineCode('a\r\n\nb')).toBe('`a b`');
    expect(inlineCode('a\rb')).toBe('`a b`');
  });

  it('a backtick at either end is padded with one space; none inside pads nothing', () => {
    expect(inlineCode('end`')).toBe('`` end` ``');
    expect(inlineCode('`both`')).toBe('`` `both` ``');
    expect(inlineCode('mid`dle')).toBe('``mid`dle``');
  });

  it('pipes in a table cell are escaped, every one of them; mentions inside code stay silent', () => {
    expect(inlineCode('a|b|c', { table: true })).toBe('`a\\|b\\|c`');
    expect(inlineCode('a|b|c', {})).toBe('`a|b|c`');
    expect(inlineCode('@a @b')).toBe('`@\u2060a @\u2060b`');
  });
});

describe('redact: secrets never reach a comment', () => {
  it('a secret of six characters is redacted; a shorter one is left alone', () => {
    expect(redact('key abcdef here', ['abcdef'])).toBe('key *** here');
    expect(redact('key abcde here', ['abcde'])).toBe('key abcde here');
    expect(redact('a b c', ['', undefined])).toBe('a b c');
  });

  it('the longer of two overlapping secrets is replaced whole, whatever order they come in', () => {
    expect(redact('t=abcdef123456', ['abcdef', 'abcdef123456'])).toBe('t=***');
    expect(redact('t=abcdef123456 u=abcdef', ['abcdef', 'abcdef123456'])).toBe('t=*** u=***');
  });

  it('every occurrence of every secret', () => {
    expect(redact('s3cret99 s3cret99 tok_123456', ['s3cret99', 'tok_123456', 's3cret99'])).toBe(
      '*** *** ***',
    );
  });
});

describe('secretsFromEnv', () => {
  it('takes the values of every secret-looking name, in any case, and skips empty ones', () => {
    const env = {
      GH_TOKEN: 't1',
      MY_SECRET: 't2',
      DB_PASSWORD: 't3',
      SSH_PRIVATE_KEY: 't4',
      OPENAI_API_KEY: 't5',
      AWS_CREDENTIALS: 't6',
      npm_token: 't7',
      EMPTY_TOKEN: '',
      PATH: '/usr/bin',
      KEYBOARD: 'us',
    };
    expect(secretsFromEnv(env)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
  });
});
