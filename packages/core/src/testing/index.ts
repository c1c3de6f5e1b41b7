// The entry point of `@oneiric/core/testing`, the test utilities for applications built on Oneiric.
export {};
