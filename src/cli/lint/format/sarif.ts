// `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts.
//
// Paths are relative to the cwd through the `%SRCROOT%` base, so run the command from the
// repository root in CI. Columns are UTF-16 code units, declared by `columnKind`.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULES, type Diagnostic, type Range, type Severity } from '../../../analyzer';
import packageJson from '../../../../package.json';
import type { LintReport } from '../report';
import { slashPath } from '../report';

/** Where rule pages live; package.json `homepage` wins so forks point at their own docs. */
export const PROJECT_URL: string = (packageJson as { homepage?: string }).homepage ?? 'https://github.com/threadlit/threadlit';

const SRCROOT = '%SRCROOT%';

const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export function ruleHelpUri(docsPath: string): string {
  return `${PROJECT_URL.replace(/\/$/, '')}/blob/main/${docsPath}`;
}

export function toSarif(report: LintReport): Sarif.Log {
  const ruleIndex = new Map<string, number>(RULES.map((rule, i) => [rule.code, i]));
  const results: Sarif.Result[] = [];
  for (const { file, diagnostics } of report.files) {
    const artifact = artifactLocation(file.displayPath, file.absPath);
    for (const d of diagnostics) results.push(toResult(d, artifact, ruleIndex.get(d.code) ?? -1));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Threadlit',
            informationUri: PROJECT_URL,
            version: packageJson.version,
            semanticVersion: packageJson.version,
            rules: RULES.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              helpUri: ruleHelpUri(rule.docsPath),
              help: { text: `${rule.summary} See ${ruleHelpUri(rule.docsPath)}` },
              defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
              properties: { tags: ['streamlit', 'threading', 'correctness'] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: LintReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}

type ArtifactLocation = Sarif.ArtifactLocation & { uri: string };

function artifactLocation(displayPath: string, absPath: string): ArtifactLocation {
  const rel = slashPath(displayPath);
  // Files outside the cwd cannot be relative to %SRCROOT%; give their absolute file URI.
  if (rel.startsWith('../') || rel.startsWith('/')) return { uri: pathToFileURL(absPath).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function toResult(d: Diagnostic, artifact: ArtifactLocation, ruleIndex: number): Sarif.Result {
  return {
    ruleId: d.code,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVELS[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(d.range) } }],
    relatedLocations: d.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: artifact, region: region(r.range) },
    })),
    ...(d.fix
      ? {
          fixes: [
            {
              description: { text: d.fix.title },
              artifactChanges: [
                {
                  artifactLocation: artifact,
                  replacements: d.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                },
              ],
            },
          ],
        }
      : {}),
  };
}

function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}
