"""The plan review of a Python project: snapshot tests of what the stack deploys and of who can
reach what (syrupy). The diff of __snapshots__/ in a pull request is the review. `pytest` compares;
`pytest --snapshot-update` rewrites the snapshots when the change is intended.
"""

import json

# `cdktf.Testing`, not `from cdktf import Testing`: pytest would try to collect a class named Test*.
import cdktf

from cdktf_entra_private_access import AccessReview
from main import SshAdminStack


def without_metadata(value):
    """The value with cdktf's "//" metadata (construct paths, the cdktf version) removed."""
    if isinstance(value, dict):
        return {key: without_metadata(item) for key, item in value.items() if key != "//"}
    if isinstance(value, list):
        return [without_metadata(item) for item in value]
    return value


def test_the_plan(snapshot):
    stack = SshAdminStack(cdktf.Testing.app(), "ssh-admin")
    # Validations run too: a failing access test or an overlap fails the test.
    plan = json.loads(cdktf.Testing.synth(stack, True))
    assert without_metadata(plan) == snapshot


def test_who_can_reach_what(snapshot):
    stack = SshAdminStack(cdktf.Testing.app(), "ssh-admin")
    cdktf.Testing.synth(stack, True)
    assert AccessReview.of(stack).markdown() == snapshot
