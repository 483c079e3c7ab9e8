// The language server never exits because of what a document contains: every
// handler registered on the connection runs inside a guard. A failing request
// answers an error (and is logged); a failing notification is logged and
// dropped; an exception escaping a timer or a promise chain is logged by the
// process-wide handlers instead of ending the process.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { describeError as describe } from './keepAlive';

type Log = (message: string) => void;

/** Registrations whose handlers answer nothing: an error there is only logged. */
const NOTIFICATION = /^on(Notification|Did|Will(?!SaveWaitUntil)|Exit|Initialized|Progress)/;

function wrap(what: string, fn: (...a: unknown[]) => unknown, log: Log, answers: boolean): (...a: unknown[]) => unknown {
  const fail = (e: unknown) => {
    if (e instanceof ResponseError) throw e;
    log(`nixify: ${what} failed: ${describe(e)}`);
    if (answers) throw new ResponseError(ErrorCodes.InternalError, `nixify: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  };
  return (...args) => {
    try {
      const r = fn(...args);
      return r instanceof Promise ? r.catch(fail) : r;
    } catch (e) {
      return fail(e);
    }
  };
}

/**
 * The connection, with every `on…(handler)` registration wrapped. `documents.listen`
 * on the guarded connection guards the document events too.
 */
export function guardConnection(connection: Connection, log: Log = (m) => connection.console.error(m)): Connection {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (typeof prop !== 'string' || !/^on[A-Z]/.test(prop)) return v.bind(target);
      const answers = !NOTIFICATION.test(prop);
      return (...args: unknown[]) => {
        const what = prop === 'onRequest' || prop === 'onNotification' ? `${prop} ${typeof args[0] === 'string' ? args[0] : ((args[0] as { method?: string })?.method ?? '')}` : prop;
        return v.apply(
          target,
          args.map((a) => (typeof a === 'function' ? wrap(what, a as (...x: unknown[]) => unknown, log, answers) : a)),
        );
      };
    },
  });
}
