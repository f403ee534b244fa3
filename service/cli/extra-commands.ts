// Commands contributed by later parts (checks). Kept apart so main.ts stays a table of contents.
import type { Command } from 'commander';

export function registerExtraCommands(_program: Command): void {}
