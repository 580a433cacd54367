/**
 * Snapshot-tested plan reviews: the diff of these snapshots in a pull request is the review.
 *
 * - The synthesized stack, normalized (no cdktf metadata, no machine paths): every Terraform change.
 * - The access review: who can reach what, in words, with a Mermaid diagram.
 *
 * A change to the program changes a snapshot, so the pull request shows it; CI runs `jest --ci`,
 * which never rewrites snapshots, so an unreviewed change fails. After reviewing, run
 * `npx jest -u` and commit the snapshots with the change. The rule pack and the access tests of the
 * stack run too: a failing access test fails this test.
 *
 * Copy this file into your IaC repository and import your own stack; in your project the import is
 * `from 'cdktf-entra-private-access/testing'`.
 */
import { Testing } from 'cdktf';
import { PlanReview } from '../../lib/testing';
import { SshAdminStack } from '../ssh-admin/main';

describe('ssh-admin plan review', () => {
  test('Terraform plan', () => {
    expect(PlanReview.synthSnapshot(new SshAdminStack(Testing.app(), 'ssh-admin'))).toMatchSnapshot();
  });

  test('who can reach what', () => {
    expect(PlanReview.accessReviewOf(new SshAdminStack(Testing.app(), 'ssh-admin')).markdown).toMatchSnapshot();
  });
});
