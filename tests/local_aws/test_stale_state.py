"""A new local AWS starts empty: the Terraform state an earlier one left is moved aside."""

from __future__ import annotations

from pathlib import Path

from local_bedrock.aws.__main__ import retire_stale_state


def test_an_earlier_state_is_moved_aside_and_nothing_else(tmp_path: Path) -> None:
    assert retire_stale_state(tmp_path) is None  # nothing to retire: nothing written
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "terraform.tfstate").write_text('{"resources": ["old"]}')
    (tmp_path / "terraform.tfstate.backup").write_text("{}")
    (tmp_path / "aws.env").write_text("AWS_REGION=us-east-1\n")
    stale = retire_stale_state(tmp_path)
    assert stale == tmp_path / "terraform.tfstate.stale"
    assert stale.read_text() == '{"resources": ["old"]}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aws.env", "terraform.tfstate.stale"]
