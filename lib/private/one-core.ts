/**
 * Imported first by lib/index.ts: the library fails when it loads into a program with two cores of
 * CDK for Terraform (a CDK Terrain project without the override), with the override to add.
 */
import { assertOneCore } from './core-check';

assertOneCore();
