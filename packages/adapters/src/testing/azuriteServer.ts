// Test helper: azurite's blob service (from npm) in a child process on a free port, in memory,
// with telemetry off; stopped by its pid.
import { packageFile, startEmulator, type EmulatorProcess } from './emulatorProcess.js';

/** Azurite's fixed development account and its published key. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** The development account's key, the one Azurite documents (not a secret). */
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Starts azurite-blob on a free port; its account URL is `${url}/devstoreaccount1`. */
export async function startAzurite(): Promise<EmulatorProcess> {
  return startEmulator(
    packageFile('azurite', 'dist/src/blob/main.js'),
    ['--blobHost', '127.0.0.1', '--blobPort', '0', '--disableTelemetry', '--inMemoryPersistence', '--extentMemoryLimit', '256', '--skipApiVersionCheck', '--silent'],
    /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/,
  );
}
