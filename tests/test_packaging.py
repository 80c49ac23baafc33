"""A plain, non-editable `pip install .` into a fresh venv gives a working gofixer
with every codemod (the codemods/ folder is shipped as gofixer.codemods)."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv

from gofixer.codemod import REGISTRY

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_non_editable_install_in_fresh_venv(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "__pycache__"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(src)],
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    exe = env_dir / "bin" / "gofixer"
    # Run from an empty directory so nothing is imported from the source tree.
    work = tmp_path / "work"
    work.mkdir()
    listed = subprocess.run([str(exe), "list"], cwd=work, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    ids = {line.split()[0] for line in listed.stdout.splitlines()}
    assert len(ids) == len(REGISTRY), listed.stdout
    shutil.copytree(os.path.join(ROOT, "examples"), work / "examples")
    diff = subprocess.run([str(exe), "diff", "--no-cache", "--unsafe-fixes", "examples"], cwd=work,
                          capture_output=True, text=True, env={**os.environ, "GOFIXER_CACHE_DIR": str(tmp_path / "c")})
    assert diff.returncode == 1, diff.stderr
    assert diff.stdout.startswith("diff --git a/examples/")
    # Only gofixer's own package lands in site-packages: no top-level `codemods`.
    check = subprocess.run([str(py), "-c", "import codemods"], cwd=work, capture_output=True)
    assert check.returncode != 0
