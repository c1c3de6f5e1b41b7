/** The status page as plain text in sections: what the renderer turns into HTML and `/status.json` answers. */

/**
 * How a value reads at a glance: `ok` (green), `warn` (amber), `bad` (red), `idle` (neutral).
 * @category Status page
 */
export type StatusTone = 'ok' | 'warn' | 'bad' | 'idle';

/**
 * One table cell or fact value with its tone.
 * @category Status page
 */
export interface StatusCell {
  /** The text shown (escaped when rendered). */
  readonly text: string;
  /** How it reads at a glance. */
  readonly tone: StatusTone;
}

/**
 * A labelled value of a section.
 * @category Status page
 */
export interface StatusFact extends StatusCell {
  /** What the value is. */
  readonly label: string;
}

/**
 * A section's table.
 * @category Status page
 */
export interface StatusTable {
  /** Column headings. */
  readonly columns: readonly string[];
  /** Rows, one cell per column. */
  readonly rows: ReadonlyArray<readonly StatusCell[]>;
  /** What the page says instead of an empty table. */
  readonly emptyText: string;
}

/**
 * One section of the page (`runtime`, `keys`, `swaps`, `remote`, `fleet`).
 * @category Status page
 */
export interface StatusSection {
  /** Stable id: the section element's id. */
  readonly id: string;
  /** Heading. */
  readonly title: string;
  /** Facts shown above the table, in order. */
  readonly facts: readonly StatusFact[];
  /** The section's table, when it has one. */
  readonly table?: StatusTable;
}

/**
 * The whole page: a headline and its sections. Built by `buildStatusPageView` from a snapshot.
 * @category Status page
 */
export interface StatusPageView {
  /** The document title. */
  readonly title: string;
  /** When the snapshot was read (ISO 8601). */
  readonly generatedAt: string;
  /** One line on the runtime as a whole (`running, ready`). */
  readonly headline: StatusCell;
  /** The sections, in page order. */
  readonly sections: readonly StatusSection[];
}
