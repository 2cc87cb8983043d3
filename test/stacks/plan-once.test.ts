/**
 * Synth plans every cluster's identities once (not once per cluster app, which grew with clusters²)
 * and still reports every cluster's problems at once.
 */
import { synthesize } from '../../src/app/synth';
import { ConfigError } from '../../src/config/problems';
import { fleetInput } from '../../bench/generate';
import { tempOut, valid } from '../support/synth';

jest.mock('../../src/policy/workload', () => {
  const actual = jest.requireActual('../../src/policy/workload');
  return { ...actual, planClusterIdentities: jest.fn(actual.planClusterIdentities) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workload = require('../../src/policy/workload') as { planClusterIdentities: jest.Mock };

describe('identity plans', () => {
  beforeEach(() => workload.planClusterIdentities.mockClear());

  test('a fleet of 4 clusters is planned once per cluster, not once per cluster per app', () => {
    synthesize(valid(fleetInput(4, 3, 1)), tempOut());
    expect(workload.planClusterIdentities).toHaveBeenCalledTimes(4);
  });

  test('problems of every cluster are reported at once, before anything is written', () => {
    const config = valid(fleetInput(3, 3, 1));
    const problemFor = (i: number) => ({ path: `clusters[${i}].workloads[0]`, message: `planted problem of cluster ${i}`, fix: 'none' });
    workload.planClusterIdentities.mockImplementation((platform: unknown, cluster: { name: string }, at: string) => {
      const r = jest.requireActual('../../src/policy/workload').planClusterIdentities(platform, cluster, at);
      const i = config.clusters.findIndex((c) => c.name === cluster.name);
      return i === 1 ? r : { ...r, problems: [...r.problems, problemFor(i)] };
    });
    try {
      let thrown: unknown;
      try {
        synthesize(config, tempOut());
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const messages = (thrown as ConfigError).problems.map((p) => p.message);
      expect(messages).toEqual(expect.arrayContaining(['planted problem of cluster 0', 'planted problem of cluster 2']));
      expect(workload.planClusterIdentities).toHaveBeenCalledTimes(3);
    } finally {
      workload.planClusterIdentities.mockImplementation(jest.requireActual('../../src/policy/workload').planClusterIdentities);
    }
  });
});
