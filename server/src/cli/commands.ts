// Commands whose handlers live in their own feature areas.
import { checkCommand } from './check';
import { diagnose } from './diagnose';
import { initCommand } from './init';
import type { CommandHandler } from './io';

export const extraCommands: Record<string, CommandHandler> = {
  check: checkCommand,
  init: initCommand,
  diagnose,
};
