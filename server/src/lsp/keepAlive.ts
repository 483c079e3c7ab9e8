// Last line of defence, on each of the server's threads: an exception from a timer or an
// unawaited promise is logged, and the server goes on (guard.ts guards the handlers).

type Log = (message: string) => void;

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e);
}

let installed = false;

export function keepAlive(log: Log): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (e) => log(`nixify: uncaught: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => log(`nixify: unhandled rejection: ${describeError(e)}`));
}
