// Placeholder for `threadlit check`; replaced by its implementation.
export async function checkCommand(_args: string[]): Promise<number> {
  process.stderr.write('threadlit check: not implemented yet\n');
  return 2;
}
