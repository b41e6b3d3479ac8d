// Keeps one incremental analysis per open Python document and decides when to publish (pure).
//
// Note [Lifecycle]: the editor edge forwards open/change/save/close; edits are buffered and
// applied in one `update()` when the debounce fires (onType) or on save (onSave), so typing
// never re-parses per keystroke. A document whose analysis is missing (not opened yet, too
// large, failed, lint off) is re-opened from the editor's current text at its next run.
import type { AnalyzedDocument, Analyzer } from '../analyzer';
import type { Diagnostic, TextEdit } from '../analyzer/types';
import { Debouncer, Generations, realTimers, type Timers } from './schedule';
import { isTooLarge, type LintSettings } from './settings';
import { errorMessage } from '../core/errorMessage';

/** What the linter needs from its host (the vscode edge, or a fake in unit tests). */
export interface LintHost {
  settings(key: string): LintSettings;
  /** The document's full current text, or undefined if it is no longer open. */
  currentText(key: string): string | undefined;
  publish(key: string, diagnostics: readonly Diagnostic[]): void;
  clear(key: string): void;
  info(message: string): void;
  error(message: string, err: unknown): void;
}

export interface LinterOptions {
  timers?: Timers;
  /** Compare the incremental text with the editor's after every update (tests: fail loudly on drift). */
  verifySync?: boolean;
  /** Called after each published run with its duration: analysis through publishing, in ms. */
  onRunTimed?: (key: string, ms: number) => void;
}

interface DocumentState {
  readonly fileName: string;
  doc: AnalyzedDocument | undefined;
  /** Editor edits not yet applied to `doc`, in the order they happened. */
  pending: TextEdit[];
  /** The diagnostics last published for this document (quick fixes read their `fix`). */
  last: readonly Diagnostic[];
  skippedLarge: boolean;
}

export class DocumentLinter {
  private readonly docs = new Map<string, DocumentState>();
  private readonly generations = new Generations<string>();
  private readonly debouncer: Debouncer<string>;
  private readonly loggedFailures = new Set<string>();
  private analyzer: Analyzer | undefined;
  private loading: Promise<boolean> | undefined;
  private disposed = false;

  constructor(
    private readonly loadAnalyzer: () => Promise<Analyzer>,
    private readonly host: LintHost,
    private readonly options: LinterOptions = {},
  ) {
    this.debouncer = new Debouncer((key) => this.run(key), options.timers ?? realTimers);
  }

  has(key: string): boolean {
    return this.docs.has(key);
  }

  keys(): string[] {
    return [...this.docs.keys()];
  }

  open(key: string, fileName: string): void {
    if (this.docs.has(key)) return;
    this.docs.set(key, { fileName, doc: undefined, pending: [], last: [], skippedLarge: false });
    this.run(key);
  }

  change(key: string, edits: readonly TextEdit[]): void {
    const state = this.docs.get(key);
    if (!state) return;
    // Without a live analysis there is nothing to patch: the next run re-opens from the full text.
    if (state.doc) state.pending.push(...edits);
    const settings = this.host.settings(key);
    if (settings.run === 'onType') this.debouncer.schedule(key, settings.debounceMs);
  }

  save(key: string): void {
    if (!this.docs.has(key)) return;
    this.debouncer.cancel(key);
    this.run(key);
  }

  close(key: string): void {
    const state = this.docs.get(key);
    if (!state) return;
    this.debouncer.cancel(key);
    this.generations.drop(key);
    this.reset(state);
    this.docs.delete(key);
    this.host.clear(key);
  }

  /** Re-evaluates every document, e.g. after a settings change. */
  refreshAll(): void {
    for (const key of this.keys()) {
      this.debouncer.cancel(key);
      this.run(key);
    }
  }

  /**
   * The diagnostics matching the document's current text, flushing a pending debounce first;
   * `undefined` when they would be stale (onSave mode with unsaved edits, or no analysis).
   */
  current(key: string): readonly Diagnostic[] | undefined {
    const state = this.docs.get(key);
    if (!state) return undefined;
    this.debouncer.flush(key);
    if (!state.doc || state.pending.length > 0) return undefined;
    return state.last;
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.cancelAll();
    for (const state of this.docs.values()) this.reset(state);
    this.docs.clear();
  }

  private run(key: string): void {
    const state = this.docs.get(key);
    if (!state || this.disposed) return;
    const settings = this.host.settings(key);
    if (settings.run === 'off') {
      this.reset(state);
      this.host.clear(key);
      return;
    }
    const generation = this.generations.next(key);
    if (!this.analyzer) {
      // Only a run that is still the newest for its document may continue after the load.
      void this.ensureAnalyzer().then((ok) => {
        if (ok && this.generations.isCurrent(key, generation)) this.run(key);
      });
      return;
    }
    try {
      const started = performance.now();
      const diagnostics = this.analyze(key, state, this.analyzer, settings);
      if (diagnostics === undefined) return;
      state.last = diagnostics;
      this.host.publish(key, diagnostics);
      this.options.onRunTimed?.(key, performance.now() - started);
    } catch (err) {
      // Never leave stale diagnostics behind a failure; the next run starts from the full text.
      this.reset(state);
      this.host.clear(key);
      this.logFailureOnce(state.fileName, err);
    }
  }

  /** Returns the fresh diagnostics, or undefined when the document was skipped (already cleared). */
  private analyze(key: string, state: DocumentState, analyzer: Analyzer, settings: LintSettings): readonly Diagnostic[] | undefined {
    let diagnostics: readonly Diagnostic[];
    if (state.doc) {
      const edits = state.pending.splice(0);
      diagnostics = edits.length > 0 ? state.doc.update(edits) : state.doc.diagnostics();
      if (this.options.verifySync) this.verify(key, state.doc);
      if (isTooLarge(byteLength(state.doc.text), settings)) return this.skipLarge(key, state, settings);
    } else {
      const text = this.host.currentText(key);
      if (text === undefined) return undefined;
      if (isTooLarge(byteLength(text), settings)) return this.skipLarge(key, state, settings);
      state.doc = analyzer.openDocument(text, state.fileName);
      diagnostics = state.doc.diagnostics();
    }
    state.skippedLarge = false;
    return diagnostics;
  }

  private skipLarge(key: string, state: DocumentState, settings: LintSettings): undefined {
    this.reset(state);
    this.host.clear(key);
    if (!state.skippedLarge) {
      state.skippedLarge = true;
      this.host.info(`skipped ${state.fileName}: larger than threadlit.lint.maxFileSizeKb (${settings.maxFileSizeKb} KiB)`);
    }
    return undefined;
  }

  private verify(key: string, doc: AnalyzedDocument): void {
    const text = this.host.currentText(key);
    if (text !== undefined && text !== doc.text) {
      throw new Error(`incremental text drifted from the editor's (${doc.text.length} vs ${text.length} chars)`);
    }
  }

  private reset(state: DocumentState): void {
    state.doc?.dispose();
    state.doc = undefined;
    state.pending = [];
    state.last = [];
  }

  private ensureAnalyzer(): Promise<boolean> {
    this.loading ??= this.loadAnalyzer().then(
      (analyzer) => {
        this.analyzer = analyzer;
        return true;
      },
      (err: unknown) => {
        this.host.error('could not load the analyzer', err);
        // Allow a later document to try again (e.g. after the wasm files are restored).
        this.loading = undefined;
        return false;
      },
    );
    return this.loading;
  }

  /** Each distinct failure is logged once, so a broken file does not flood the log on every keystroke. */
  private logFailureOnce(fileName: string, err: unknown): void {
    const message = errorMessage(err);
    if (this.loggedFailures.has(message)) return;
    this.loggedFailures.add(message);
    this.host.error(`analysis failed for ${fileName}`, err);
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
