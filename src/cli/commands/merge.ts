import type { Command } from 'commander';
import { relative } from 'node:path';


/** `tiersim merge <dir...> --out DIR`: combines the shards of a sweep into one sweep folder. */
export function register(program: Command): void {
  program
    .command('merge')
    .description('Combine the shard folders of a sweep (tiersim sweep --shard i/n) into one sweep folder, identical to a single run.')
    .argument('<dir...>', 'the shard folders, every part 1..n once')
    .requiredOption('-o, --out <dir>', 'the merged sweep folder (written atomically)')
    .option('--force', 'replace an earlier results folder at --out that tiersim wrote (never one holding other files)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (dirs: string[], o: { out: string; quiet?: boolean; force?: boolean }) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { mergeSweeps } = await import('../../run/merge.js');
      const { n, out } = await mergeSweeps(dirs, o.out, { force: o.force });
      if (!o.quiet) console.log(`merged ${dirs.length} shards, ${n} points, into ${relative(process.cwd(), out) || out}/`);
    });
}
