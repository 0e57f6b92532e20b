"""Build step that keeps the repository layout and still makes a self-contained wheel.

The repository keeps ``templates/``, ``static/`` and ``config.py`` at the top level (the
design card's layout). A wheel must carry them, and must not install a global module
named ``config`` (it would collide with other packages), so the build copies them into
the ``inspraak`` package: ``inspraak/templates``, ``inspraak/static`` and
``inspraak/_config.py``. It also compiles the translation catalogues (``*.mo`` are not
committed). ``inspraak.create_app`` finds each of them in either place. Editable installs
(``pip install -e .``, what ``make`` does) read them straight from the repository.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithAssets(build_py):
    def run(self) -> None:
        self._compile_catalogues(ROOT / "inspraak" / "translations")
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "inspraak"
        for folder in ("templates", "static"):
            target = package / folder
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copyfile(ROOT / "config.py", package / "_config.py")

    @staticmethod
    def _compile_catalogues(root: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in root.glob("*/LC_MESSAGES/messages.po"):
            with po.open("rb") as source:
                catalogue = read_po(source)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalogue)


setup(cmdclass={"build_py": BuildWithAssets})
