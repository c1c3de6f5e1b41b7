/**
 * One instance of the fleet sample's application: a runtime built from the settings file named
 * by `FLEET_SAMPLE_CONFIG` (its `fleet` section points it at the sample's bucket). The fleet
 * agent inside the runtime applies the bucket's desired state through the runtime's own swap path.
 */
import { runRuntimeProcess } from '@oneiric/runtime';
import { GreeterV1, GreeterV2, GreeterV3 } from './greeters.js';

await runRuntimeProcess({
  config: process.env['FLEET_SAMPLE_CONFIG'] ?? 'oneiric-fleet.yaml',
  register: (app) => {
    app.register(GreeterV1, GreeterV2, GreeterV3);
  },
});
