/**
 * `@oneiric/core/testing`: helpers for testing an application built on Oneiric — a test
 * application with silent logging and a temporary cache directory, a provider double whose
 * hooks count their calls and whose health a test switches, and a wait for a key's next swap.
 * They depend on no test framework.
 * @packageDocumentation
 */
import 'reflect-metadata';

export { createTestApp, type TestApp, type TestAppOptions } from './createTestApp.js';
export { providerDouble, type ProviderDouble, type ProviderDoubleOptions } from './providerDouble.js';
export { waitForSwap, type SwapMatcher } from './waitForSwap.js';
