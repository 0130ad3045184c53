"""The Makefile's promises: `make all` produces every output, each target named for it."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_all_runs_every_output_command():
    """A dry run (nothing executed) of `make all` in a checkout where nothing was built
    names each command of the whole job: a rule lost in a merge shows here."""
    dry = subprocess.run(["make", "-n", "-B", "all"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    for command in ("analysis build", "analysis figures", "--lang en", "analysis notebooks",
                    "analysis excel", "analysis export", "analysis site"):
        assert command in dry, command
    listed = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    for target in ("all", "data", "figures", "notebooks", "excel", "export", "site", "test",
                   "bench", "lint"):
        assert f"make {target} " in listed, target
