"""The importer package: plain-Python steps for worker processes, one public face for the rest."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import importer

ROOT = Path(__file__).resolve().parents[2]
PURE_STEPS = ["sources", "decode", "chrome", "phrases", "header", "dialogue", "read", "notes"]


def test_the_steps_read_workers_run_import_without_django():
    # A spawned read worker imports these without django.setup(); nothing may pull Django in.
    modules = ", ".join(f"archive.importer.{name}" for name in PURE_STEPS)
    code = f"import sys, {modules}; print([m for m in sys.modules if m.split('.')[0] == 'django'])"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_package_gives_its_public_names_and_no_others():
    assert importer.import_text is importer.save.import_text
    assert importer.import_many is importer.batch.import_many
    assert "preview_text" in dir(importer)
    with pytest.raises(AttributeError):
        importer.parse  # noqa: B018 - an internal of archive.importer.read
