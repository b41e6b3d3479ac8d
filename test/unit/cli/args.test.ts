// Unit tests of the generic command-line parser in src/cli/args.ts.
import assert from 'node:assert/strict';
import { formatOptions, parseArgs, splitList, UsageError } from '../../../src/cli/args';

const specs = {
  format: { kind: 'string', choices: ['text', 'json'], description: 'output format' },
  select: { kind: 'list', valueName: 'CODES', description: 'codes to report' },
  fix: { kind: 'boolean', description: 'apply fixes' },
  help: { kind: 'boolean', short: 'h', description: 'show help' },
  name: { kind: 'string', description: 'a name' },
} as const;

describe('args.parseArgs', () => {
  it('gives defaults when nothing is passed', () => {
    const { options, positionals } = parseArgs([], specs);
    assert.deepEqual(options, { format: undefined, select: [], fix: false, help: false, name: undefined });
    assert.deepEqual(positionals, []);
  });

  it('reads separate and inline values, flags, short aliases and positionals in any order', () => {
    const { options, positionals } = parseArgs(['a.py', '--format', 'json', '-h', 'dir', '--name=x=y', '--fix'], specs);
    assert.equal(options.format, 'json');
    assert.equal(options.help, true);
    assert.equal(options.fix, true);
    assert.equal(options.name, 'x=y');
    assert.deepEqual(positionals, ['a.py', 'dir']);
  });

  it('splits and accumulates repeated list options', () => {
    const { options } = parseArgs(['--select', 'TL001, TL002,', '--select=TL004'], specs);
    assert.deepEqual(options.select, ['TL001', 'TL002', 'TL004']);
  });

  it('treats everything after -- and a lone - as positionals', () => {
    const { options, positionals } = parseArgs(['-', '--', '--fix', '-h'], specs);
    assert.equal(options.fix, false);
    assert.deepEqual(positionals, ['-', '--fix', '-h']);
  });

  const bad: Array<[string[], RegExp]> = [
    [['--nope'], /unknown option '--nope'/],
    [['-x'], /unknown option '-x'/],
    [['--format'], /'--format' needs a value/],
    [['--format', '--fix'], /'--format' needs a value/],
    [['--format', 'xml'], /must be one of text, json \(got 'xml'\)/],
    [['--fix=yes'], /'--fix' takes no value/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')} with a UsageError`, () => {
      assert.throws(() => parseArgs(argv, specs), (err: unknown) => err instanceof UsageError && message.test(err.message));
    });
  }
});

describe('args helpers', () => {
  it('splitList trims and drops empty items', () => {
    assert.deepEqual(splitList(' a ,,b,'), ['a', 'b']);
  });

  it('formatOptions aligns one row per option with aliases and value names', () => {
    const lines = formatOptions(specs).split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^ {6}--format text\|json +output format$/);
    assert.match(lines[1] ?? '', /--select CODES +codes to report$/);
    assert.match(lines[3] ?? '', /^ {2}-h, --help +show help$/);
    const starts = lines.map((line) => line.search(/(output|codes|apply|show|a name)/));
    assert.equal(new Set(starts).size, 1);
  });
});
