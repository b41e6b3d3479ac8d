// Registers commands from one table of name → handler factory, so wiring stays declarative.
import * as vscode from 'vscode';
import type { ThreadlitContext } from './context';
import { errorMessage } from '../core/errorMessage';

/** A command handler; its return value reaches `executeCommand` callers (tests read it). */
export type CommandHandler = (...args: unknown[]) => unknown;

/** Command id → factory that builds the handler from the context. */
export type CommandTable = Readonly<Record<string, (ctx: ThreadlitContext) => CommandHandler>>;

export function registerCommandTable(ctx: ThreadlitContext, table: CommandTable): void {
  for (const [id, factory] of Object.entries(table)) {
    const handler = factory(ctx);
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          // A failing command must be visible to the user, not only in the developer console.
          ctx.showError(`${id} failed: ${errorMessage(err)}`, err);
          return undefined;
        }
      }),
    );
  }
}
