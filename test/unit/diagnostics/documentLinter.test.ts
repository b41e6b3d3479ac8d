// The per-document lint lifecycle: debounced batched updates, onSave/off, supersession, failures.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/analyzer/types';
import { DocumentLinter, type LintHost } from '../../../src/diagnostics/documentLinter';
import { DEFAULT_LINT_SETTINGS, type LintSettings } from '../../../src/diagnostics/settings';
import { applyEdits, FakeClock, ScriptedAnalyzer } from './fakes';

const KEY = 'file:///app.py';

class Host implements LintHost {
  texts = new Map<string, string>();
  published = new Map<string, number[]>();
  events: string[] = [];
  infos: string[] = [];
  errors: string[] = [];
  config: LintSettings = { ...DEFAULT_LINT_SETTINGS };

  settings(): LintSettings {
    return this.config;
  }
  currentText(key: string): string | undefined {
    return this.texts.get(key);
  }
  publish(key: string, diagnostics: readonly Diagnostic[]): void {
    this.published.set(key, diagnostics.map((d) => d.range.start.line));
    this.events.push(`publish ${diagnostics.length}`);
  }
  clear(key: string): void {
    this.published.delete(key);
    this.events.push('clear');
  }
  info(message: string): void {
    this.infos.push(message);
  }
  error(message: string): void {
    this.errors.push(message);
  }
  /** Edits the "editor" text and returns the edit, as the vscode edge would forward it. */
  edit(key: string, line: number, column: number, newText: string) {
    const edit = { range: { start: { line, column }, end: { line, column } }, newText };
    this.texts.set(key, applyEdits(this.texts.get(key) ?? '', [edit]));
    return [edit];
  }
}

function setup(text = 'import streamlit as st\nst.write(1)\n') {
  const clock = new FakeClock();
  const analyzer = new ScriptedAnalyzer();
  const host = new Host();
  host.texts.set(KEY, text);
  const linter = new DocumentLinter(() => Promise.resolve(analyzer), host, { timers: clock, verifySync: true });
  return { clock, analyzer, host, linter };
}

/** Lets the analyzer's load promise settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DocumentLinter', () => {
  it('publishes on open once the analyzer has loaded, and times the run', async () => {
    const clock = new FakeClock();
    const host = new Host();
    host.texts.set(KEY, 'st.a()\n');
    const timed: string[] = [];
    const linter = new DocumentLinter(() => Promise.resolve(new ScriptedAnalyzer()), host, {
      timers: clock,
      onRunTimed: (key, ms) => timed.push(`${key}:${ms >= 0}`),
    });
    linter.open(KEY, '/app.py');
    assert.deepEqual(host.events, []);
    await settle();
    assert.deepEqual(host.published.get(KEY), [0]);
    assert.deepEqual(timed, [`${KEY}:true`]);
  });

  it('batches the edits of a typing burst into one update after the debounce', async () => {
    const { clock, analyzer, host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    linter.change(KEY, host.edit(KEY, 2, 0, 's'));
    clock.advance(100);
    linter.change(KEY, host.edit(KEY, 2, 1, 't.x()'));
    clock.advance(199);
    assert.equal(analyzer.updates.length, 0);
    clock.advance(1);
    assert.equal(analyzer.updates.length, 1);
    assert.equal(analyzer.updates[0]?.length, 2);
    assert.deepEqual(host.published.get(KEY), [1, 2]);
  });

  it('onSave: no analysis while typing, one on save', async () => {
    const { clock, analyzer, host, linter } = setup();
    host.config = { ...host.config, run: 'onSave' };
    linter.open(KEY, '/app.py');
    await settle();
    linter.change(KEY, host.edit(KEY, 2, 0, 'st.y()'));
    clock.advance(1000);
    assert.equal(analyzer.updates.length, 0);
    assert.equal(linter.current(KEY), undefined, 'stale while unsaved');
    linter.save(KEY);
    assert.deepEqual(host.published.get(KEY), [1, 2]);
  });

  it('off: clears and keeps nothing; switching back re-opens from the current text', async () => {
    const { analyzer, host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    host.config = { ...host.config, run: 'off' };
    linter.refreshAll();
    assert.equal(host.published.has(KEY), false);
    linter.change(KEY, host.edit(KEY, 0, 0, 'st.a()\n'));
    host.config = { ...host.config, run: 'onType' };
    linter.refreshAll();
    assert.equal(analyzer.opens, 2);
    assert.deepEqual(host.published.get(KEY), [0, 2]);
  });

  it('drops a run superseded while the analyzer loads, and runs closed documents never', async () => {
    const clock = new FakeClock();
    const analyzer = new ScriptedAnalyzer();
    const host = new Host();
    host.texts.set(KEY, 'st.a()\n');
    host.texts.set('b', 'st.b()\n');
    let release: (a: ScriptedAnalyzer) => void = () => {};
    const linter = new DocumentLinter(() => new Promise((resolve) => (release = resolve)), host, { timers: clock });
    linter.open(KEY, '/app.py');
    linter.open('b', '/b.py');
    linter.close('b');
    linter.save(KEY); // supersedes the open's run
    release(analyzer);
    await settle();
    assert.equal(analyzer.opens, 1, 'one analysis for the newest run only');
    assert.deepEqual(host.published.get(KEY), [0]);
    assert.equal(host.published.has('b'), false);
  });

  it('close cancels a pending run and clears', async () => {
    const { clock, analyzer, host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    linter.change(KEY, host.edit(KEY, 0, 0, '#'));
    linter.close(KEY);
    clock.advance(1000);
    assert.equal(analyzer.updates.length, 0);
    assert.equal(host.published.has(KEY), false);
    assert.equal(analyzer.disposed, 1);
    assert.equal(linter.has(KEY), false);
  });

  it('current() flushes a pending debounce so quick fixes see fresh ranges', async () => {
    const { analyzer, host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    linter.change(KEY, host.edit(KEY, 0, 0, '\n'));
    const fresh = linter.current(KEY);
    assert.equal(analyzer.updates.length, 1);
    assert.deepEqual(fresh?.map((d) => d.range.start.line), [2]);
  });

  it('a failure clears the file, logs once per distinct error, and recovers from the full text', async () => {
    const { analyzer, host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    linter.change(KEY, host.edit(KEY, 0, 0, 'boom\n'));
    linter.save(KEY);
    assert.equal(host.published.has(KEY), false);
    linter.save(KEY);
    linter.save(KEY);
    assert.equal(host.errors.length, 1);
    host.texts.set(KEY, 'st.ok()\n');
    linter.save(KEY);
    assert.deepEqual(host.published.get(KEY), [0]);
    assert.equal(analyzer.opens, 4, 'each run after the failure re-opens from the editor text');
  });

  it('skips files above maxFileSizeKb with one log note, and picks them up when they shrink', async () => {
    const { host, linter } = setup();
    host.config = { ...host.config, maxFileSizeKb: 1 };
    host.texts.set(KEY, 'st.x()\n' + '#'.repeat(2000));
    linter.open(KEY, '/app.py');
    await settle();
    linter.save(KEY);
    assert.equal(host.published.has(KEY), false);
    assert.equal(host.infos.length, 1);
    assert.match(host.infos[0] ?? '', /maxFileSizeKb/);
    host.texts.set(KEY, 'st.x()\n');
    linter.save(KEY);
    assert.deepEqual(host.published.get(KEY), [0]);
  });

  it('detects drift between the incremental text and the editor (strict mode)', async () => {
    const { host, linter } = setup();
    linter.open(KEY, '/app.py');
    await settle();
    host.texts.set(KEY, 'something else entirely\n');
    linter.change(KEY, [{ range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }, newText: '#' }]);
    linter.save(KEY);
    assert.equal(host.errors.length, 1);
    assert.equal(host.published.has(KEY), false);
  });
});
