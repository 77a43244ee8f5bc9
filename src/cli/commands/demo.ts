import type { Command } from 'commander';

/** Placeholder registered until the kernel demo lands. */
export function register(program: Command): void {
  program.command('demo').description('Run a small demonstration model on the kernel.').action(() => {
    console.log('demo: kernel not built yet');
  });
}
