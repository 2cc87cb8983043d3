/**
 * The cdktf app (cdktf.json runs the compiled `node dist/main.js`): synthesizes EKSGUARD_CONFIG, or the embedded
 * example, into CDKTF_OUTDIR (set by the cdktf CLI) or cdktf.out. An `eksguard` process like the bin's: V8 tuned
 * for one short batch run (src/cli/runtime.ts).
 */
import { tuneForBatch } from './src/cli/runtime';
import { main } from './src/cli/main';

tuneForBatch();
void main(['synth']).then((code) => (process.exitCode = code));
