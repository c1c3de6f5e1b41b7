/** The fleet section of the status page, as a fleet integration supplies it. */

/**
 * What a fleet integration shows on the status page: a few facts (bucket, desired revision,
 * rollout in progress...) and one table (an instance per row). Plain strings, so the page need
 * not know the fleet's own types; the page escapes every one of them.
 * @category Status page
 */
export interface FleetStatusView {
  /** Label and value pairs shown above the table, in order. */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** The table's column headings. */
  readonly columns: readonly string[];
  /** The table's rows, each with one cell per column. */
  readonly rows: ReadonlyArray<readonly string[]>;
}

/**
 * Where the status page reads the fleet view, when the runtime belongs to a fleet. It is read at
 * every page load and refresh, within a deadline; a failure shows as "fleet view unavailable"
 * with the error's `kind` and never fails the page.
 * @category Status page
 */
export interface FleetStatusSource {
  /** The current fleet view (may ask the fleet's store; the page bounds how long it waits). */
  fleetView(): Promise<FleetStatusView>;
}
