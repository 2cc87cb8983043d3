/**
 * The cdktf app (cdktf.json runs the compiled `node dist/main.js`): synthesizes EKSGUARD_CONFIG, or the embedded
 * example, into CDKTF_OUTDIR (set by the cdktf CLI) or cdktf.out.
 */
import { main } from './src/cli/main';

void main(['synth']).then((code) => (process.exitCode = code));
