// Generates a large workspace for the Lint Workspace measurement: many small files and a few
// multi-megabyte ones, half of them with a TL001 finding.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedWorkspace {
  files: number;
  /** Files expected to have exactly one TL001 finding. */
  broken: number;
}

const BROKEN = (i: number) => `import threading

import streamlit as st


def work_${i}():
    st.write(${i})


t = threading.Thread(target=work_${i})
t.start()
t.join()
`;

const CLEAN = (i: number) => `import streamlit as st

st.write(${i})
`;

/** A file of about `bytes` bytes: many plain functions, then one unbound thread call. */
function bigFile(bytes: number): string {
  const parts: string[] = ['import threading\n\nimport streamlit as st\n\n'];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < bytes; i++) {
    const chunk = `def helper_${i}(x):\n    total = x * ${i} + len(str(x))\n    return [total for _ in range(3)]\n\n\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push(BROKEN(999_999));
  return parts.join('');
}

export function generateLintWorkspace(root: string, smallFiles: number, bigFiles: number, bigBytes: number): GeneratedWorkspace {
  let broken = 0;
  for (let i = 0; i < smallFiles; i++) {
    // 100 files per folder keeps directory listings realistic.
    const dir = join(root, `pkg_${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const isBroken = i % 2 === 0;
    if (isBroken) broken++;
    writeFileSync(join(dir, `mod_${i}.py`), isBroken ? BROKEN(i) : CLEAN(i));
  }
  mkdirSync(join(root, 'big'), { recursive: true });
  for (let i = 0; i < bigFiles; i++) {
    writeFileSync(join(root, 'big', `big_${i}.py`), bigFile(bigBytes));
    broken++;
  }
  return { files: smallFiles + bigFiles, broken };
}
