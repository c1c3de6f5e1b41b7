/** One signature of a manifest: which key, which algorithm, the signature bytes. */
import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/**
 * A detached signature over the manifest's canonical form (see `signingPayload`).
 * @category Models
 */
export class ManifestSignature {
  /**
   * Id of the signing key (see `keyIdOf`): a lookup hint, not signed content. Optional: without it
   * every trusted key is tried (and the signature costs one verification per trusted key towards
   * `MAX_SIGNATURE_CHECKS`). A key id that is not trusted makes the signature ignored for the
   * threshold, not the manifest refused.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  public keyId?: string;

  /** Always `ed25519`; any other value is refused at verification. */
  @IsString()
  @IsIn(['ed25519'], { message: 'algorithm must be ed25519' })
  public algorithm!: string;

  /** Base64 of the 64-byte ED25519 signature. */
  @IsString()
  @IsNotEmpty()
  public signature!: string;
}
