// Writes dist/THIRD_PARTY_NOTICES.txt: every npm package esbuild bundled into dist/ (read from the
// builds' metafiles), with its version, its license and the license text it ships. The bundles
// are what the .vsix carries, so their notices must go with them (BSD and MIT ask for it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The package folder of a bundled input path (`node_modules/@scope/name/…` → `…/@scope/name`). */
function packageRoot(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const length = parts[at + 1].startsWith('@') ? 3 : 2;
  return parts.slice(0, at + length).join(sep);
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file === undefined ? undefined : readFileSync(join(dir, file), 'utf8').trim();
}

/**
 * @param {Array<{ inputs: Record<string, unknown> }>} metafiles
 * @param {string} root
 * @param {string} outFile
 * @param {string[]} copied package folders whose files are copied into dist/ rather than bundled
 */
export function writeNotices(metafiles, root, outFile, copied = []) {
  const dirs = new Set(copied);
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const dir = packageRoot(join(root, input));
      if (dir !== undefined && existsSync(join(dir, 'package.json'))) dirs.add(dir);
    }
  }
  const packages = [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
      // A few packages (Microsoft's FAST, under the webview toolkit) declare a license but ship no text.
      const text = licenseText(dir) ?? `${manifest.license}, as its package.json declares; the package ships no license text.${repository ? ` Source: ${repository}` : ''}`;
      return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'see text', text, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const unlicensed = packages.filter((p) => p.license === 'see text' && !/licen[cs]e|copyright/i.test(p.text)).map((p) => `${p.name} (${relative(root, p.dir)})`);
  if (unlicensed.length > 0) throw new Error(`bundled packages without a license: ${unlicensed.join(', ')}`);
  const sections = packages.map((p) => `${p.name} ${p.version} (${p.license})\n${'-'.repeat(60)}\n${p.text}\n`);
  const head = 'Threadlit bundles the following npm packages into its dist/ files. Their notices follow.\n\n';
  writeFileSync(outFile, `${head}${packages.map((p) => `- ${p.name} ${p.version} (${p.license})`).join('\n')}\n\n${sections.join('\n')}`);
  return packages.map((p) => p.name);
}

