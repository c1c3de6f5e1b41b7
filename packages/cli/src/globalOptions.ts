// The options every command accepts, before or after the command name.

/** Global options of `oneiric`, as commander parses them. */
export interface GlobalOptions {
  /** `--config PATH`: an explicit settings file, the highest settings layer; relative to the working directory. */
  readonly config?: string;
  /** `--import MODULE` (repeatable): modules registering providers, in the order given. */
  readonly import: readonly string[];
  /** `--local`: act on an in-process copy even when a runtime runs for the cache directory. */
  readonly local?: boolean;
}

/** Global options as commander hands them over: a repeatable option is absent until first given. */
export interface ParsedGlobals {
  readonly config?: string;
  readonly import?: string[];
  readonly local?: true;
}

/** The {@link GlobalOptions} of commander's parsed options. */
export function globalsOf(options: ParsedGlobals): GlobalOptions {
  return {
    import: options.import ?? [],
    local: options.local === true,
    ...(options.config === undefined ? {} : { config: options.config }),
  };
}
