/**
 * The testing entry point, `cdktf-entra-private-access/testing`: helpers for the jest tests of an
 * IaC repository (snapshot-tested plan reviews, the access review as data, and the change-safety
 * check of everyday edits). The runtime library does not need them.
 */
export * from './plan-review';
export * from './change-safety';
export { GraphEmulator, GraphEmulatorOptions, EMULATED_GRAPH_HOSTS } from './emulator/emulator';
export { EmulatedTenant, TenantSeed, RecordedRequest, CallerIdentity } from './emulator/tenant';
