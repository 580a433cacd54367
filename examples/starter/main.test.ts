/**
 * The plan review: the diff of these snapshots in a pull request shows what the change deploys and
 * who gains access. Update them with `npx jest -u` when the change is intended.
 */
import { Testing } from 'cdktf';
import { PlanReview } from 'cdktf-entra-private-access/testing';
import { PrivateAccessStack, StateLocation } from './main';

/** The state storage the snapshots show (tests never talk to it; the pipeline sets TFSTATE_*). */
const STATE: StateLocation = { resourceGroupName: 'rg-terraform-state', storageAccountName: 'sttfstatecontoso', containerName: 'tfstate' };

test('the plan', () => {
  expect(PlanReview.synthSnapshot(new PrivateAccessStack(Testing.app(), 'private-access', STATE))).toMatchSnapshot();
});

test('who can reach what', () => {
  expect(PlanReview.accessReviewOf(new PrivateAccessStack(Testing.app(), 'private-access', STATE)).markdown).toMatchSnapshot();
});
