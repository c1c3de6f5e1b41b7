// Declares the remote-manifest commands: `manifest keygen|sign|verify`, `remote-sync` and `remote-status`.
import type { Command } from 'commander';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import { globalsOf, type ParsedGlobals } from './globalOptions.js';
import { DEFAULT_MANIFEST_LIFETIME } from './defaultManifestLifetime.js';
import { runLiveCommand } from './liveCommand.js';
import { UsageError } from './usageError.js';

/**
 * Adds the remote-manifest commands to `program`. Each action reports its exit code through
 * `setExitCode`; errors propagate to `runCli`, which reports them in the common format.
 */
export function registerRemoteCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  const manifest = program
    .command('manifest')
    .description('create signing keys, sign and verify remote manifests');

  manifest
    .command('keygen')
    .description('write a new ED25519 key pair (private key mode 0600) and print its key id')
    .requiredOption('--out <dir>', 'directory for oneiric-<keyid>.private.key and oneiric-<keyid>.public.key')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { out: string; json?: true }>();
      const { runManifestKeygen } = await import('./runManifestKeygen.js');
      setExitCode(await runManifestKeygen(io.cwd, { out: options.out, json: options.json === true }, io.stdout));
    });

  manifest
    .command('sign')
    .description('set signedAt and expiresAt (default: 90 days later), then sign the manifest in place with a private key')
    .argument('<file>', 'manifest file, YAML or JSON')
    .requiredOption('--key <path>', 'private key file from `manifest keygen`')
    .option('--expires-in <duration>', `lifetime such as 12h, 30d or 2w; sets expiresAt (default: ${DEFAULT_MANIFEST_LIFETIME})`)
    .option('--no-expiry', 'write no expiresAt (only for remote.signature_require_expiry: false)')
    .option('--append', 'co-sign: keep the timestamps and the other keys\' signatures')
    .option('--bump-serial', 'raise serial by one first (re-publishing a manifest that was already signed)')
    .option('--out <path>', 'write the signed manifest here instead of over FILE')
    .option('--json', 'print JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { key: string; expiresIn?: string; expiry: boolean; append?: true; bumpSerial?: true; out?: string; json?: true }>();
      // The verification settings, so the expiry written is one that verification accepts.
      const [{ loadRemoteContext }, { runManifestSign }] = await Promise.all([import('./loadRemoteContext.js'), import('./runManifestSign.js')]);
      const context = await loadRemoteContext(io, options.config);
      setExitCode(await runManifestSign(io.cwd, {
        file, key: options.key, append: options.append === true, bumpSerial: options.bumpSerial === true, json: options.json === true,
        noExpiry: !options.expiry,
        ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
        ...(options.out === undefined ? {} : { out: options.out }),
      }, { ...context.settings, trusted_public_keys: [...context.settings.trusted_public_keys, ...(io.env['ONEIRIC_TRUSTED_PUBLIC_KEYS'] ?? '').split(',')] }, io.stdout, io.stderr));
    });

  manifest
    .command('verify')
    .description('verify a manifest file\'s signatures, threshold, expiry and age')
    .argument('<file>', 'manifest file, YAML or JSON')
    .option('--public-key <key>', 'trusted public key: a .public.key file or base64 (repeatable; default: the configured keys)', collect)
    .option('--threshold <n>', 'distinct trusted keys required (default: remote.signature_threshold)')
    .option('--json', 'print JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { publicKey?: string[]; threshold?: string; json?: true }>();
      const threshold = options.threshold === undefined ? undefined : parseThreshold(options.threshold);
      const [{ loadRemoteContext }, { runManifestVerify }] = await Promise.all([import('./loadRemoteContext.js'), import('./runManifestVerify.js')]);
      const context = await loadRemoteContext(io, options.config);
      setExitCode(await runManifestVerify(io.cwd, {
        file, publicKeys: options.publicKey ?? [], json: options.json === true, ...(threshold === undefined ? {} : { threshold }),
      }, context.settings, io.env, io.stdout));
    });

  registerSyncCommands(program, io, setExitCode);
}

function registerSyncCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('remote-sync')
    .description('fetch, verify and cache the remote manifest (in the runtime); falls back to the cached one when the server fails')
    .option('--manifest <uri>', 'manifest address instead of remote.manifest_url (with --local)')
    .option('--watch', 'keep syncing every remote.refresh_interval_seconds until interrupted (with --local)')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { manifest?: string; watch?: true; json?: true }>();
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => {
          // A runtime syncs its own manifest_url and refreshes on its own loop: these two only make
          // sense in this process, where a sync the running application never sees must be asked for.
          if (options.manifest !== undefined || options.watch === true) {
            throw new UsageError('invalidArgument', `${options.manifest === undefined ? '--watch' : '--manifest'} syncs in this process, not in the running runtime (which syncs its own remote.manifest_url and refreshes on its own): pass --local`, {});
          }
          return (await import('./runtimeChanges.js')).remoteSyncViaRuntime(client, { json: options.json === true }, io.stdout);
        },
        inProcess: async () => (await import('./remoteSyncInProcess.js')).remoteSyncInProcess(globals, io, {
          watch: options.watch === true, json: options.json === true, ...(options.manifest === undefined ? {} : { manifest: options.manifest }),
        }),
      }, globals, io));
    });

  program
    .command('remote-status')
    .description('what the last remote syncs did: successes, failures, counts (remote_status.json)')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).remoteStatusViaRuntime(client, { json: options.json === true }, io.stdout),
        inProcess: async () => {
          const [{ loadRemoteContext }, { runRemoteStatus }] = await Promise.all([import('./loadRemoteContext.js'), import('./runRemoteStatus.js')]);
          return runRemoteStatus(await loadRemoteContext(io, options.config), options.json === true, io.stdout);
        },
      }, globals, io));
    });
}

function parseThreshold(value: string): number {
  const threshold = Number(value);
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new UsageError('invalidArgument', `--threshold ${JSON.stringify(value)} must be a positive integer`, { threshold: value });
  }
  return threshold;
}

// No default value for repeatable options: commander would print "(default: [])" in the help.
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
