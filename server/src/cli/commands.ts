// Commands whose handlers live in their own feature areas (init, check, diagnose).
import type { CommandHandler } from './io';

export const extraCommands: Record<string, CommandHandler> = {};
