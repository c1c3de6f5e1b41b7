/** `npm run bench`: runs every benchmark, prints medians and ratios; exits 1 when a target is missed and BENCH_STRICT=1. */
import { runResolveBench } from './resolveBench.js';
import { runSwapBench } from './swapBench.js';
import { runEventsBench } from './eventsBench.js';
import { runManifestBench } from './manifestBench.js';
import { runAdaptersBench } from './adaptersBench.js';
import { runQueueAdaptersBench } from './queueAdaptersBench.js';
import { runStorageAdaptersBench } from './storageAdaptersBench.js';
import { runActionsBench } from './actionsBench.js';
import { runControlBench } from './control/controlBench.js';
import { runFleetBench } from './fleet/fleetBench.js';

const only = process.argv[2];
const results: boolean[] = [];
if (only === undefined || only === 'resolve') results.push(await runResolveBench());
if (only === undefined || only === 'swap') results.push(await runSwapBench());
if (only === undefined || only === 'events') results.push(await runEventsBench());
if (only === undefined || only === 'manifest') results.push(await runManifestBench());
if (only === undefined || only === 'adapters') results.push(await runAdaptersBench());
if (only === undefined || only === 'adapters' || only === 'queues') results.push(await runQueueAdaptersBench());
if (only === undefined || only === 'adapters' || only === 'storage') results.push(await runStorageAdaptersBench());
if (only === undefined || only === 'actions') results.push(await runActionsBench());
if (only === undefined || only === 'control') results.push(await runControlBench());
if (only === undefined || only === 'fleet') results.push(await runFleetBench());
const allMet = results.every(Boolean);
console.log(`\n${allMet ? 'All targets met.' : 'Some targets missed (see MISSED above); machines here are shared and noisy, so re-run before concluding.'}`);
if (!allMet && process.env['BENCH_STRICT'] === '1') {
  process.exitCode = 1;
}
