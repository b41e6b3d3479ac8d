// Placeholder for `threadlit lint`; replaced by its implementation.
export async function lintCommand(_args: string[]): Promise<number> {
  process.stderr.write('threadlit lint: not implemented yet\n');
  return 2;
}
