"""scripts/module_view.sh (make tf-test): a view of the repository in links, the root module's entries
all there but the import blocks `make adopt` generates (decision 0055)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "module_view.sh"


def _repository(root: Path) -> None:
    (root / "terraform" / "tests").mkdir(parents=True)
    (root / "terraform" / ".terraform").mkdir()
    generated = ("adopt_imports.generated.tf", "adopt_imports.generated.tf.tmp")
    for name in ("main.tf", ".terraform.lock.hcl", *generated):
        (root / "terraform" / name).write_text(name)
    (root / "agents.json").write_text("{}")
    (root / "openapi").mkdir()
    (root / "build" / "lambda").mkdir(parents=True)


def test_the_view_links_everything_but_the_generated_imports(tmp_path: Path) -> None:
    _repository(tmp_path)
    (tmp_path / "build" / "terraform-test" / "stale").mkdir(parents=True)  # an earlier view: made again
    subprocess.run([str(SCRIPT), "build/terraform-test"], cwd=tmp_path, check=True)
    view = tmp_path / "build" / "terraform-test"
    assert sorted(p.name for p in view.iterdir()) == ["agents.json", "openapi", "terraform"]
    module = view / "terraform"
    # a directory, so "${path.module}/.." is the view, not the repository's parent
    assert not module.is_symlink()
    linked = sorted(p.name for p in module.iterdir())
    assert linked == [".terraform", ".terraform.lock.hcl", "main.tf", "tests"]
    assert all(p.is_symlink() and p.resolve() == tmp_path / "terraform" / p.name for p in module.iterdir())
    assert (view / "agents.json").resolve() == tmp_path / "agents.json"
    # links, not copies: what changes in terraform/ after the view is made is what the view reads
    (tmp_path / "terraform" / "main.tf").write_text("changed")
    assert (module / "main.tf").read_text() == "changed"
    assert (module / ".." / "agents.json").read_text() == "{}"
