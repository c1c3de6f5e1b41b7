/**
 * `@oneiric/runtime/client`: what a process needs to talk to a running runtime over its
 * control channel. Loads no Inversify, no class-validator: a CLI command that only sends a
 * request stays fast.
 * @packageDocumentation
 */
export {};
