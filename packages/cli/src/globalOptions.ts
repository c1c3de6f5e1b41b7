// The options every command accepts, before or after the command name.

/** Global options of `oneiric`, as commander parses them. */
export interface GlobalOptions {
  /** `--config PATH`: an explicit settings file, the highest settings layer; relative to the working directory. */
  readonly config?: string;
  /** `--import MODULE` (repeatable): modules registering providers, in the order given. */
  readonly import: readonly string[];
}
