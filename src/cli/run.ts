// Placeholder for `threadlit run`; replaced by its implementation.
export async function runCommand(_args: string[]): Promise<number> {
  process.stderr.write('threadlit run: not implemented yet\n');
  return 2;
}
