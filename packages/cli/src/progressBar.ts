// A one-line progress bar for artifact downloads, drawn only on a terminal.

/** Draws `[#####     ] 3/6 name` on one line, redrawn in place. */
export class ProgressBar {
  readonly #stream: { write(chunk: string): unknown };
  readonly #width: number;
  #drawn = false;

  /**
   * @param stream - a terminal stream (callers check `isTTY`)
   * @param width - characters of the bar itself
   */
  public constructor(stream: { write(chunk: string): unknown }, width = 24) {
    this.#stream = stream;
    this.#width = width;
  }

  /** Redraws the bar for `done` of `total`, labelled with `label`. */
  public update(done: number, total: number, label: string): void {
    const filled = total === 0 ? this.#width : Math.round((done / total) * this.#width);
    // \r returns to the line start and \x1b[K clears what a longer previous label left behind.
    this.#stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(this.#width - filled)}] ${done}/${total} ${label}\x1b[K`);
    this.#drawn = true;
  }

  /** Ends the bar's line, if one was drawn. */
  public finish(): void {
    if (this.#drawn) {
      this.#stream.write('\n');
      this.#drawn = false;
    }
  }
}
