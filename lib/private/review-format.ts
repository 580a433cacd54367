/**
 * The version of the `access-review.json` format. 1: principals, policy includes and excludes, and
 * access test principals as structured fields. It changes when a field changes meaning or goes away.
 */
export const REVIEW_FORMAT_VERSION = 1;
