"""The GitHub Action (action.yml): its inputs are consistent, no input is pasted
into a script, and its check and pr steps, run by bash as a runner would run
them, produce the SARIF file, the annotations and the gofixer command lines."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys

import pytest
import yaml
from tests.test_cli import LEAK

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="module")
def action() -> dict:
    with open(os.path.join(REPO, "action.yml")) as f:
        return yaml.safe_load(f)


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _run_step(step: dict, inputs: dict[str, str], cwd, path: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a step's script as the runner does: bash -e, its env with the inputs
    substituted, GITHUB_OUTPUT and RUNNER_TEMP set."""
    env = dict(os.environ, PATH=path, RUNNER_TEMP=str(cwd), GITHUB_OUTPUT=str(cwd / "output"))
    env["GOFIXER_CACHE_DIR"] = str(cwd / "cache")
    for key, value in step.get("env", {}).items():
        m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)
        env[key] = inputs[m.group(1)] if m else value
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True)
    outputs = {}
    if os.path.exists(cwd / "output"):
        for line in (cwd / "output").read_text().splitlines():
            k, _, v = line.partition("=")
            outputs[k] = v
    return proc, outputs


def _defaults(action: dict, **over: str) -> dict[str, str]:
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values.update({k.replace("_", "-"): v for k, v in over.items()})
    return values


def test_inputs_are_declared_and_never_pasted_into_scripts(action):
    declared = set(action["inputs"])
    text = open(os.path.join(REPO, "action.yml")).read()
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used <= declared, used - declared
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step.get('name')} pastes an expression into its script"


def test_check_step_writes_sarif_and_annotations(action, tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (tmp_path / "svc.go").write_text(LEAK)
    step = _step(action, "gofixer check")
    path = BIN + os.pathsep + os.environ.get("PATH", "")
    proc, outputs = _run_step(step, _defaults(action), tmp_path, path)
    assert proc.returncode == 1, proc.stderr
    assert "::" in proc.stdout and "context-cancel" in proc.stdout
    sarif = json.loads(open(outputs["sarif"]).read())
    rules = [r["ruleId"] for r in sarif["runs"][0]["results"]]
    assert rules == ["context-cancel"]

    proc, _ = _run_step(step, _defaults(action, fail_on_findings="false"), tmp_path, path)
    assert proc.returncode == 0, proc.stderr


def test_check_step_fails_on_an_error(action, tmp_path):
    step = _step(action, "gofixer check")
    path = BIN + os.pathsep + os.environ.get("PATH", "")
    proc, _ = _run_step(step, _defaults(action, paths="no/such/dir"), tmp_path, path)
    assert proc.returncode == 2
    assert "::error" in proc.stdout


def test_pr_step_passes_inputs_as_arguments(action, tmp_path):
    shim = tmp_path / "bin"
    shim.mkdir()
    fake = shim / "gofixer"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/args"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    step = _step(action, "gofixer pr")
    inputs = _defaults(action, mode="pr", select="context-cancel,loop-defer", unsafe_fixes="true", paths="cmd internal")
    inputs["token"] = "t"
    proc, _ = _run_step(step, inputs, tmp_path, str(shim) + os.pathsep + os.environ.get("PATH", ""))
    assert proc.returncode == 0, proc.stderr
    args = (tmp_path / "args").read_text().split("\n")[:-1]
    assert args == ["pr", "--select", "context-cancel,loop-defer", "--unsafe-fixes", "cmd", "internal"]
