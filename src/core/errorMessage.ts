// What a caught value says, for a log line or a notification: the message of an Error (not its
// stack), anything else as a string.

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
