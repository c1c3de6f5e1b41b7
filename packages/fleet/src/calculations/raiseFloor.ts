/** The manifest floor after an instance accepted a manifest: only ever higher (pure). */

/**
 * A manifest serial and digest.
 * @category Calculations
 */
export interface FloorValue {
  /** Manifest serial. */
  readonly serial: number;
  /** Hex SHA-256 of its signed payload. */
  readonly digest: string;
}

/**
 * The floor to write when `accepted` was accepted while the bucket holds `current`: `accepted`
 * when it is higher (or there is no floor yet), otherwise undefined (nothing to write: the
 * floor never goes down, and the same serial keeps the digest first written).
 * @category Calculations
 */
export function raiseFloor(current: FloorValue | undefined, accepted: FloorValue): FloorValue | undefined {
  return current === undefined || accepted.serial > current.serial ? accepted : undefined;
}
