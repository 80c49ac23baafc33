"""gofixer.toml: `select`, `ignore`, `exclude`, `unsafe-fixes` and one table per
codemod for its options. Found at the repository root (or the current directory),
or given with --config."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

FILENAME = "gofixer.toml"
KNOWN_KEYS = {"select", "ignore", "exclude", "unsafe-fixes", "max-file-size"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    unsafe_fixes: bool = False
    max_file_size: int | str | None = None  # bytes, or "4MiB"; cli.parse_size reads it
    codemod_options: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_config(cwd: str | None = None) -> str | None:
    cwd = cwd or os.getcwd()
    candidates = [cwd]
    top = _work_tree_top(cwd)
    if top is not None:
        candidates.append(top)
    for d in candidates:
        p = os.path.join(d, FILENAME)
        if os.path.isfile(p):
            return p
    return None


def _work_tree_top(cwd: str) -> str | None:
    """The root of the git work tree holding `cwd`: the nearest folder with a
    `.git` entry (a folder, or a file in a linked worktree or submodule). Found
    by looking, not by running git, which would cost every run a process."""
    d = os.path.abspath(cwd)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(path: str | None, known_codemods: set[str]) -> Config:
    if path is None:
        return Config()
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    cfg = Config(path=path)
    for key, value in data.items():
        if key in known_codemods:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{key}] must be a table of options")
            cfg.codemod_options[key] = dict(value)
        elif key in ("select", "ignore", "exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: {key} must be a list of strings")
            setattr(cfg, key, list(value))
        elif key == "unsafe-fixes":
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: unsafe-fixes must be true or false")
            cfg.unsafe_fixes = value
        elif key == "max-file-size":
            cfg.max_file_size = value
        else:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(KNOWN_KEYS | known_codemods))})")
    return cfg
