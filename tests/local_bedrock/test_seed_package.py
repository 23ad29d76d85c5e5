"""The seed package's `load` stays the function whatever else has been imported (a submodule of the
same name, imported lazily, once replaced it on the package and `load(...)` raised 'module' object is
not callable)."""

from __future__ import annotations

import importlib
import pkgutil

import local_bedrock.store.seed as seed


def test_no_submodule_shadows_a_public_name() -> None:
    submodules = {info.name for info in pkgutil.iter_modules(seed.__path__)}
    assert not submodules & set(seed.__all__)
    for name in submodules:
        importlib.import_module(f"{seed.__name__}.{name}")
    assert callable(seed.load) and callable(seed.generate)
