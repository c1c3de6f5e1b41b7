// The unstable entry point for Oneiric's sibling packages (`@oneiric/core/internal`): not for applications, may change in any release.
export {};
