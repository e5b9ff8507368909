/** Runs the CLI on the process's arguments and sets its exit code: the entry of the compiled modules and of the bundle. */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
