#!/usr/bin/env bash
# Builds the Python package and runs all its tests: `bash python/test.sh` (from anywhere;
# `--build-only` builds and installs it, and runs no test).
#
# 1. a virtual environment at python/.venv, made by $PYTHON (default: python3 on PATH), with
#    what the tests need (pip installs only what is missing); every tool after that is run
#    from the venv by its path, never looked up on PATH;
# 2. the package built from source by maturin, through pip, and installed as a wheel
#    (the same path as `pip install ./python`);
# 3. pytest over python/tests: the conformance replay, inputs, API, DataFrames, the
#    example notebook, mypy --strict on the package and examples, and mypy.stubtest of the
#    extension's stub. A run that collects no test fails (pytest's exit code 5).
set -euo pipefail

case "${1:-}" in
    "" | --build-only) ;;
    *) echo "usage: bash python/test.sh [--build-only] (not: $1)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9.4,<2" pytest pandas pandas-stubs matplotlib mypy nbclient nbformat ipykernel
# Tables at scale, pinned: Arrow and polars tables, a Dask cluster, progress bars, and
# openpyxl and XlsxWriter (pandas' two Excel writers) to fill and read back workbooks in the
# Excel tests. The tests
# use the real libraries; a missing one fails the run (it is never skipped).
"$py" -m pip install --quiet --disable-pip-version-check \
    "pyarrow==26.0.1" "polars==2.1.0" "dask[dataframe,distributed]==2026.8.0" "tqdm==4.70.1" "openpyxl==3.1.5" "xlsxwriter==3.3.1"

# A `maturin develop` leaves the extension inside the source folder; a wheel must not
# pick up that stale copy.
rm -f "$here"/zonescore/_zonescore*.so "$here"/zonescore/_zonescore*.pyd
# The venv is never activated, and pip's build backend (maturin's PEP 517 hooks) runs the
# `maturin` executable by name: the venv's bin/ goes first on PATH for this step, or a bare
# machine fails (FileNotFoundError: 'maturin') and a used one may build with another maturin.
PATH="$venv/bin:$PATH" "$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps "$here"
# `--build-only` stops here, the package built from the sources as they are and installed
# (for scripts/bench.sh, which measures it).
if [ "${1:-}" = "--build-only" ]; then
    exit 0
fi

# Run from the repository root, so the source folder python/zonescore (which holds no
# built extension) cannot shadow the installed package.
cd "$repo"
status=0
"$venv/bin/pytest" "$here/tests" -p no:cacheprovider || status=$?
if [ "$status" -eq 5 ]; then
    echo "python/test.sh: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
