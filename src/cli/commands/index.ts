import type { Command } from 'commander';
import { register as demo } from './demo.js';

/** Every CLI command registers itself from its own file; add new ones here. */
export const commands: Array<(program: Command) => void> = [demo];
