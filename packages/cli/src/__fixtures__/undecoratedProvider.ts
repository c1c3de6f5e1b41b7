// Test fixture for `--import`: `providers` holds a class without a provider decorator (a RegistrationError).

/** Lacks @Adapter and friends. */
export class PlainClass {}

/** What the CLI tries to register. */
export const providers = [PlainClass];
