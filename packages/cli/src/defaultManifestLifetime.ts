// The lifetime `manifest sign` gives a manifest by default, apart so the help can show it without loading the signer.

/**
 * Lifetime `manifest sign` gives a manifest when neither `--expires-in` nor `--no-expiry` is
 * passed: 90 days. Verification requires an expiry by default, so signing without one would
 * produce a manifest the default policy refuses. The manifest plays the role of TUF's targets
 * metadata (what to load, with digests), and TUF's reference repository tool expires targets
 * after 3 months (root 1 year, snapshot 1 week, timestamp 1 day). A configured
 * `signature_max_age_seconds` that is shorter caps it, so the printed expiry is when
 * verification starts refusing the manifest.
 */
export const DEFAULT_MANIFEST_LIFETIME = '90d';
