// Prepares this machine for `npm test` (--for=test) or `npm start` (--for=start): npm dependencies, the
// Debian packages for ZooKeeper, Java and Docker Engine, and a running dockerd. --for=quartz-oracle brings
// only what `npm run quartz:fixtures` needs: Debian's Quartz 2.3.2 and a JDK. Safe to run again: when
// everything is in place it only checks, in about a second.
// Only node: built-ins here and in ./lib: this runs before node_modules exists.
import { parseArgs } from 'node:util';
import { runCli, UserFacingError } from './lib/cli.mjs';
import { listPurposes, prepareMachine } from './lib/prepare-machine.mjs';

function purposeFromArguments() {
  try {
    const { values } = parseArgs({ options: { for: { type: 'string', default: 'start' } } });
    return values.for;
  } catch (error) {
    throw new UserFacingError(`${error.message}\nusage: node scripts/setup.mjs ${listPurposes()}`);
  }
}

// A dockerd started here keeps running after this exits, like a system service: the tests need it.
await runCli(async () => {
  await prepareMachine(purposeFromArguments());
});
