// The host ↔ runtime protocol is written down three times: src/protocol/runtime.ts (read
// with the TypeScript compiler API), runtime/threadlit_runtime/protocol.py (which
// declares it as data and prints it as JSON) and docs/protocol.md (its tables). This test
// fails when any two disagree, and checks every JSON example in the doc against the tables.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');
const TS_FILE = join(ROOT, 'src/protocol/runtime.ts');
const DOC_FILE = join(ROOT, 'docs/protocol.md');

interface FieldSpec {
  name: string;
  type: string;
  optional: boolean;
}
interface ShapeSpec {
  name: string;
  direction: 'event' | 'command' | null;
  type: string | null;
  fields: FieldSpec[];
}
interface Schema {
  version: number;
  unions: Record<string, string[]>;
  structures: ShapeSpec[];
  messages: ShapeSpec[];
}

/** One spelling per type: single quotes, single spaces, no trailing `;` in object types. */
function normalizeType(text: string): string {
  return text.replace(/"/g, "'").replace(/\s+/g, ' ').replace(/;\s*}/g, ' }').trim();
}

// ---- the three sources --------------------------------------------------------------------

export function schemaFromTypeScript(source: string): Schema {
  const file = ts.createSourceFile('runtime.ts', source, ts.ScriptTarget.ES2022, true);
  const unions: Record<string, string[]> = {};
  const interfaces: ShapeSpec[] = [];
  const members: Record<'event' | 'command', Set<string>> = { event: new Set(), command: new Set() };
  let version = NaN;

  const referencedNames = (node: ts.Node, into: Set<string>): void => {
    if (ts.isTypeReferenceNode(node)) into.add(node.typeName.getText(file));
    node.forEachChild((child) => referencedNames(child, into));
  };

  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (decl.name.getText(file) === 'PROTOCOL_VERSION' && decl.initializer && ts.isNumericLiteral(decl.initializer)) {
          version = Number(decl.initializer.text);
        }
      }
    } else if (ts.isTypeAliasDeclaration(statement)) {
      const name = statement.name.text;
      const type = statement.type;
      if (name === 'RuntimeEvent') referencedNames(type, members.event);
      else if (name === 'RuntimeCommand') referencedNames(type, members.command);
      else if (ts.isUnionTypeNode(type) && type.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
        unions[name] = type.types.map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text);
      }
    } else if (ts.isInterfaceDeclaration(statement)) {
      let wireType: string | null = null;
      const fields: FieldSpec[] = [];
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const name = member.name.getText(file);
        if (name === 'type' && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
          wireType = member.type.literal.text;
          continue;
        }
        fields.push({ name, type: normalizeType(member.type.getText(file)), optional: member.questionToken !== undefined });
      }
      interfaces.push({ name: statement.name.text, direction: null, type: wireType, fields });
    }
  }
  const structures: ShapeSpec[] = [];
  const messages: ShapeSpec[] = [];
  for (const shape of interfaces) {
    if (shape.type === null) structures.push(shape);
    else if (members.event.has(shape.name)) messages.push({ ...shape, direction: 'event' });
    else if (members.command.has(shape.name)) messages.push({ ...shape, direction: 'command' });
    else structures.push(shape); // a message type that neither union lists: reported as a drift below
  }
  return { version, unions, structures, messages };
}

export function schemaFromPython(): Schema {
  const venv = join(ROOT, '.venv/bin/python');
  const python = existsSync(venv) ? venv : 'python3';
  const out = execFileSync(python, ['-m', 'threadlit_runtime.protocol'], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: join(ROOT, 'runtime') },
    encoding: 'utf8',
  });
  const schema = JSON.parse(out) as Schema;
  for (const shape of [...schema.structures, ...schema.messages]) {
    for (const field of shape.fields) field.type = normalizeType(field.type);
  }
  return schema;
}

export interface DocSchema extends Schema {
  examples: { shape: string; type: string | null; line: number; json: string }[];
}

/** Splits a Markdown table row into cells, honouring `\|` escapes, without backticks. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replace(/\\\|/g, '|').trim().replace(/^`(.*)`$/, '$1'));
}

export function schemaFromDoc(text: string): DocSchema {
  const schema: DocSchema = { version: NaN, unions: {}, structures: [], messages: [], examples: [] };
  let category = '';
  let current: ShapeSpec | null = null;
  let union: string[] | null = null;
  let inJson = false;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (inJson) {
      if (line.startsWith('```')) inJson = false;
      else if (line.trim() && current) schema.examples.push({ shape: current.name, type: current.type, line: index + 1, json: line });
      return;
    }
    const title = /^# .*protocol version (\d+)/.exec(line);
    if (title) schema.version = Number(title[1]);
    if (line.startsWith('## ')) {
      category = line.slice(3).split(' ')[0] ?? '';
      current = null;
      union = null;
      return;
    }
    if (line.startsWith('### ')) {
      current = null;
      union = null;
      const message = /^### `([^`]+)` · (\w+)$/.exec(line);
      const plain = /^### (\w+)$/.exec(line);
      if ((category === 'Events' || category === 'Commands') && message) {
        current = { name: message[2]!, direction: category === 'Events' ? 'event' : 'command', type: message[1]!, fields: [] };
        schema.messages.push(current);
      } else if (category === 'Structures' && plain) {
        current = { name: plain[1]!, direction: null, type: null, fields: [] };
        schema.structures.push(current);
      } else if (category === 'Unions' && plain) {
        union = schema.unions[plain[1]!] = [];
      } else {
        throw new Error(`docs/protocol.md:${index + 1}: unexpected heading under "${category}": ${line}`);
      }
      return;
    }
    if (line.startsWith('```json')) {
      inJson = true;
      return;
    }
    if (!line.startsWith('|') || /^\|\s*(Field|Value)\s*\|/.test(line) || /^\|[-|\s]+\|$/.test(line)) return;
    const row = cells(line);
    if (union) union.push(row[0]!);
    else if (current) current.fields.push({ name: row[0]!, type: normalizeType(row[1]!), optional: row[2] === 'no' });
  });
  return schema;
}

// ---- comparing ------------------------------------------------------------------------------

/** Every difference between two schemas, as readable lines; empty when they agree. */
export function differences(a: Schema, b: Schema, aName: string, bName: string): string[] {
  const out: string[] = [];
  if (a.version !== b.version) out.push(`version: ${aName} ${a.version}, ${bName} ${b.version}`);
  const unionNames = new Set([...Object.keys(a.unions), ...Object.keys(b.unions)]);
  for (const name of unionNames) {
    const left = a.unions[name];
    const right = b.unions[name];
    if (!left || !right) out.push(`union ${name}: only in ${left ? aName : bName}`);
    else if ([...left].sort().join(',') !== [...right].sort().join(',')) {
      out.push(`union ${name}: ${aName} [${left.join(', ')}], ${bName} [${right.join(', ')}]`);
    }
  }
  const shapes = (s: Schema) => new Map([...s.structures, ...s.messages].map((shape) => [shape.name, shape]));
  const left = shapes(a);
  const right = shapes(b);
  for (const name of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(name);
    const r = right.get(name);
    if (!l || !r) {
      out.push(`${name}: only in ${l ? aName : bName}`);
      continue;
    }
    if (l.direction !== r.direction) out.push(`${name}: direction ${aName} ${l.direction}, ${bName} ${r.direction}`);
    if (l.type !== r.type) out.push(`${name}: wire type ${aName} ${l.type}, ${bName} ${r.type}`);
    const lf = new Map(l.fields.map((f) => [f.name, f]));
    const rf = new Map(r.fields.map((f) => [f.name, f]));
    for (const field of new Set([...lf.keys(), ...rf.keys()])) {
      const x = lf.get(field);
      const y = rf.get(field);
      if (!x || !y) out.push(`${name}.${field}: only in ${x ? aName : bName}`);
      else {
        if (x.type !== y.type) out.push(`${name}.${field}: type ${aName} \`${x.type}\`, ${bName} \`${y.type}\``);
        if (x.optional !== y.optional) out.push(`${name}.${field}: optional ${aName} ${x.optional}, ${bName} ${y.optional}`);
      }
    }
  }
  return out;
}

/** Problems with the doc's JSON examples, checked against the doc's own tables. */
export function exampleProblems(doc: DocSchema): string[] {
  const out: string[] = [];
  const byName = new Map(doc.messages.map((m) => [m.name, m]));
  const allowed = (fieldType: string, value: unknown): boolean => {
    const literals = [...fieldType.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    if (literals.length > 0 && /^('[^']*'( \| )?)+$/.test(fieldType)) return literals.includes(value as string);
    const union = doc.unions[fieldType];
    return union ? union.includes(value as string) : true;
  };
  for (const example of doc.examples) {
    const where = `docs/protocol.md:${example.line}`;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(example.json) as Record<string, unknown>;
    } catch (error) {
      out.push(`${where}: not JSON (${String(error)})`);
      continue;
    }
    const shape = byName.get(example.shape);
    if (value.v !== doc.version) out.push(`${where}: v is ${String(value.v)}`);
    if (!shape || value.type !== example.type) {
      out.push(`${where}: type ${String(value.type)} under the section for ${example.shape}`);
      continue;
    }
    const fields = new Map(shape.fields.map((f) => [f.name, f]));
    for (const key of Object.keys(value)) {
      if (key === 'v' || key === 'type') continue;
      const field = fields.get(key);
      if (!field) out.push(`${where}: unknown field ${key}`);
      else if (!allowed(field.type, value[key])) out.push(`${where}: ${key} = ${JSON.stringify(value[key])} is not a ${field.type}`);
    }
    for (const field of shape.fields) {
      if (!field.optional && !(field.name in value)) out.push(`${where}: missing required field ${field.name}`);
    }
  }
  return out;
}

// ---- the tests ------------------------------------------------------------------------------

describe('runtime protocol drift (runtime.ts ↔ protocol.py ↔ docs/protocol.md)', () => {
  const tsSource = readFileSync(TS_FILE, 'utf8');
  const fromTs = schemaFromTypeScript(tsSource);
  const fromDoc = schemaFromDoc(readFileSync(DOC_FILE, 'utf8'));

  it('reads a plausible schema from each source', () => {
    for (const schema of [fromTs, fromDoc]) {
      assert.equal(schema.version, 1);
      assert.ok(schema.messages.some((m) => m.type === 'ready' && m.direction === 'event'));
      assert.ok(schema.messages.some((m) => m.type === 'shutdown' && m.direction === 'command'));
      assert.ok((schema.unions.RuntimeErrorCode ?? []).includes('port-busy'));
    }
  });

  it('TypeScript and Python agree', function () {
    this.timeout(30000);
    assert.deepEqual(differences(fromTs, schemaFromPython(), 'runtime.ts', 'protocol.py'), []);
  });

  it('TypeScript and docs/protocol.md agree', () => {
    assert.deepEqual(differences(fromTs, fromDoc, 'runtime.ts', 'protocol.md'), []);
  });

  it("the doc's examples match its tables", () => {
    assert.ok(fromDoc.examples.length >= fromDoc.messages.length);
    assert.deepEqual(exampleProblems(fromDoc), []);
  });

  it('notices a drift: a field removed, a type changed, a code added', () => {
    const dropped = schemaFromTypeScript(tsSource.replace(/\n\s*fatal: boolean;/, '\n'));
    assert.deepEqual(differences(dropped, fromDoc, 'ts', 'doc'), ['ErrorEvent.fatal: only in doc']);
    const retyped = schemaFromTypeScript(tsSource.replace('  port: number;', '  port: string;'));
    assert.deepEqual(differences(retyped, fromDoc, 'ts', 'doc'), ['ReadyEvent.port: type ts `string`, doc `number`']);
    const added = schemaFromTypeScript(tsSource.replace("| 'internal';", "| 'internal'\n  | 'new-code';"));
    assert.equal(differences(added, fromDoc, 'ts', 'doc').length, 1);
    const badExample = schemaFromDoc(readFileSync(DOC_FILE, 'utf8').replace('"reason":"stdin-closed"', '"reason":"bored"'));
    assert.deepEqual(exampleProblems(badExample).length, 1);
  });
});
