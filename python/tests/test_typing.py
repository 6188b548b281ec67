"""The typed surface: mypy --strict over the package and the examples, and stubtest of
the hand-written stub of the Rust extension against the built module."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import PYTHON_DIR, REPO

import mypy  # noqa: F401  (installed by python/test.sh: a missing one fails)


def run(*args: str) -> None:
    # From the repository root, so the source folder python/zonescore (which has no built
    # extension) cannot shadow the installed package.
    env = {**os.environ, "MYPY_CACHE_DIR": str(PYTHON_DIR / ".mypy_cache")}
    done = subprocess.run([sys.executable, "-m", *args], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_the_package_examples_and_documented_calls() -> None:
    examples = sorted(str(p) for p in (PYTHON_DIR / "examples").glob("*.py"))
    assert examples
    usage = str(PYTHON_DIR / "tests" / "typed_usage.py")
    run("mypy", "--strict", "--no-incremental", str(PYTHON_DIR / "zonescore"), *examples, usage)


def test_stubtest() -> None:
    run("mypy.stubtest", "zonescore")
