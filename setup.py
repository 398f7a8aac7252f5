"""Build hook (the rest of the metadata is in pyproject.toml): the starter model in
models/starter, the source of truth in the repository, is copied into the package when a
wheel is built, so a normal install scores offline without --model."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

STARTER = Path(__file__).parent / "models" / "starter"


class BuildPyWithStarter(build_py):
    def run(self) -> None:
        super().run()
        # an editable install finds models/starter in the checkout instead
        if not self.editable_mode and STARTER.is_dir():
            target = Path(self.build_lib) / "apology_clf" / "model" / "starter"
            shutil.copytree(
                STARTER, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("onnx")
            )


setup(cmdclass={"build_py": BuildPyWithStarter})
