// Entry point of the `threadlit` command: dispatches to one module per subcommand.
// Exit codes are shared by every subcommand: 0 clean, 1 findings, 2 usage or I/O error.

const USAGE = `usage: threadlit <command> [options]

commands:
  lint [paths...]        check Python files for Streamlit calls in threads without a ScriptRunContext
  run app.py             run a Streamlit app under Threadlit's thread-context monitor
  check [--run] app.py   lint one app, or with --run run it once and report monitor events

Run 'threadlit <command> --help' for a command's options.`;

type Command = (args: string[]) => Promise<number>;

// Subcommands are loaded on demand so `lint` never pays for the runtime host and vice versa.
const commands: Record<string, () => Promise<Command>> = {
  lint: async () => (await import('./lint')).lintCommand,
  run: async () => (await import('./run')).runCommand,
  check: async () => (await import('./check')).checkCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`threadlit: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const command = await load();
  return command(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`threadlit: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
