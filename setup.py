"""Build hook: compile the QuickJS-ng engine from its pinned sdist into esmload/engine/.

The project's metadata is in pyproject.toml; this file only adds the engine build to
`build_ext` (esmload/engine/build_engine.py says why and how). Any failure (no compiler,
offline, a compile error) leaves esmload on the quickjs-ng wheel's engine: the install itself
never fails over it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _build_engine_module():  # type: ignore[no-untyped-def]
    # Loaded by path: importing the esmload package needs its dependencies, which pip's
    # isolated build environment does not have.
    path = HERE / "esmload" / "engine" / "build_engine.py"
    spec = importlib.util.spec_from_file_location("esmload_build_engine", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class BuildEngine(build_ext):
    """`build_ext` that also builds the engine library: into the build tree for a wheel, into
    the source tree for an editable install (setuptools sets `inplace` for those)."""

    def run(self) -> None:
        super().run()
        engine = _build_engine_module()
        if self.inplace:
            package_dir = self.get_finalized_command("build_py").get_package_dir("esmload.engine")
            dest = HERE / package_dir
        else:
            dest = Path(self.build_lib) / "esmload" / "engine"
        dest.mkdir(parents=True, exist_ok=True)
        engine.build_quietly(dest, log=lambda line: print(line, file=sys.stderr, flush=True))
        self._engine_outputs = [str(dest / name) for name in (engine.LIBRARY, engine.INFO)]

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        return outputs + [p for p in getattr(self, "_engine_outputs", []) if Path(p).exists()]


class EngineDistribution(Distribution):
    """The wheel carries a native library: tag it for this platform, and run build_ext."""

    def has_ext_modules(self) -> bool:
        return True


setup(distclass=EngineDistribution, cmdclass={"build_ext": BuildEngine})
