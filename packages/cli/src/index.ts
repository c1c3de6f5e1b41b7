/**
 * `@oneiric/cli`: the `oneiric` command line (`list`, `explain`, `swap`, `status`, `health`, `pause`,
 * `drain`, `activity`, `event emit`, `workflow`, `action invoke`, `manifest`, `remote-sync`,
 * `remote-status`, `plugins`, `secrets rotate`, `orchestrate`, `start`, `stop`, `process-status`)
 * as an in-process function, plus the contract of the modules it imports with `--import`. Live
 * commands go to the runtime running for the cache directory, or with `--local` to an
 * in-process copy.
 * @packageDocumentation
 */
export { runCli } from './runCli.js';
export type { CliIo } from './cliIo.js';
export type { ProviderModule } from './providerModule.js';
export { ExitCode } from './exitCode.js';
export type { ListEntry } from './listEntry.js';
export type { ListReport } from './runList.js';
export type { StatusReport, KeyStatusReport } from './runStatus.js';
export type { SwapLatencySummary } from './swapLatencySummary.js';
export type { ProbeReport } from './runHealth.js';
export type { RuntimeSummary } from './statusReport.js';
