import { validateConfig } from './src/config/validate';
import { synthesize } from './src/app/synth';
import { everyFeatureInput } from './test/support/fixtures';
const c = everyFeatureInput();
c.clusters[0].network.nodeInternetEgress.reason = 'quote " backslash \\ ${x} end';
c.clusters[0].workloads[4].kms[0].encryptionContext = { 'k"ey\n': 'x${path.root}"\n}\nresource "x" "y" {' };
const r = validateConfig(c); if (!r.config) { console.log(r.problems); process.exit(1); }
require('fs').rmSync('/tmp/scratch/hcl2', { recursive: true, force: true });
synthesize(r.config!, '/tmp/scratch/hcl2', [], { hcl: true });
