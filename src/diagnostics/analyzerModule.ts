// Loads the analyzer bundle (dist/analyzer.js) on first use, keeping it out of activation.
import { join } from 'node:path';

export type AnalyzerModule = typeof import('../analyzer');

/** Returns a loader that requires `<bundleDir>/analyzer.js` once (synchronously) and caches it. */
export function analyzerModuleLoader(bundleDir: string): () => AnalyzerModule {
  let loaded: AnalyzerModule | undefined;
  return () => {
    // A computed path: esbuild leaves this require alone, so the analyzer stays a separate bundle.
    loaded ??= require(join(bundleDir, 'analyzer.js')) as AnalyzerModule;
    return loaded;
  };
}
