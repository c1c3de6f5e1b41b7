/**
 * `@oneiric/runtime`: one process that runs an Oneiric application with everything around it,
 * and a control channel the `oneiric` CLI talks to.
 * @packageDocumentation
 */
export {};
