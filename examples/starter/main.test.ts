/**
 * The plan review: the diff of these snapshots in a pull request shows what the change deploys and
 * who gains access. Update them with `npx jest -u` when the change is intended.
 */
import { Testing } from 'cdktf';
import { PlanReview } from 'cdktf-entra-private-access/testing';
import { connectorGroupIdFromEnvironment, PrivateAccessStack, StateLocation } from './main';

/** The state storage the snapshots show (tests never talk to it; the pipeline sets TFSTATE_*). */
const STATE: StateLocation = { resourceGroupName: 'rg-terraform-state', storageAccountName: 'sttfstatecontoso', containerName: 'tfstate' };
/** The connector group the snapshots show (the pipeline sets CONNECTOR_GROUP_ID). */
const CONNECTORS = '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f';

test('the plan', () => {
  expect(PlanReview.synthSnapshot(new PrivateAccessStack(Testing.app(), 'private-access', STATE, CONNECTORS))).toMatchSnapshot();
});

test('who can reach what', () => {
  expect(PlanReview.accessReviewOf(new PrivateAccessStack(Testing.app(), 'private-access', STATE, CONNECTORS)).markdown).toMatchSnapshot();
});

test('without CONNECTOR_GROUP_ID the stack says what to set, rather than make a connector group an app-only pipeline cannot read', () => {
  expect(() => connectorGroupIdFromEnvironment({})).toThrow(/CONNECTOR_GROUP_ID is not set.*app-only/);
  expect(connectorGroupIdFromEnvironment({ CONNECTOR_GROUP_ID: ' 0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f ' })).toBe('0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f');
});
