"""gofixer.toml: `select`, `ignore`, `exclude`, `unsafe-fixes` and one table per
codemod for its options. Found by walking up from each path given (to the
repository root, or the filesystem root outside git), or given with --config.
Every problem with the file is a ConfigError whose one-line message names the
file: its size, encoding, syntax, nesting, keys and the type of each value."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

FILENAME = "gofixer.toml"
KNOWN_KEYS = ("select", "ignore", "exclude", "unsafe-fixes", "max-file-size")
# A configuration is a few lines; anything near this is not one, and reading it
# whole (or echoing its values) would cost the user memory and a screenful.
MAX_SIZE = 1 << 20
SHOWN = 60  # characters of a value echoed in a message
MAX_EXCLUDES = 10_000  # far beyond any real list; each costs compile time


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    unsafe_fixes: bool = False
    max_file_size: int | str | None = None  # bytes, or "4MiB"; run.parse_size reads it
    codemod_options: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_config(paths: list[str] | None = None, boundary: str | None = None) -> str | None:
    """The gofixer.toml for `paths` (default: the current directory): the first
    one found walking up from each path, stopping at the repository root (a
    folder holding `.git`), at `boundary`, or at the filesystem root. Raises
    ConfigError when the paths lead to different files."""
    found: dict[str, str] = {}
    for p in paths or ["."]:
        cfg = _config_above(os.path.abspath(p), boundary and os.path.abspath(boundary))
        if cfg is not None:
            found.setdefault(cfg, p)
    if len(found) > 1:
        (a, pa), (b, pb) = list(found.items())[:2]
        raise ConfigError(
            f"{pa} and {pb} have different configuration files ({a}, {b}): run gofixer once per project, "
            "or pass --config FILE"
        )
    return next(iter(found), None)


def _config_above(path: str, boundary: str | None) -> str | None:
    d = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        cand = os.path.join(d, FILENAME)
        if os.path.isfile(cand):
            return cand
        if d == boundary or os.path.exists(os.path.join(d, ".git")):
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(path: str | None, codemod_defaults: Mapping[str, Mapping[str, Any]]) -> Config:
    """The configuration in `path` (None: the defaults). `codemod_defaults` maps
    each codemod id to its options and their default values, whose types the
    file's values must have."""
    if path is None:
        return Config()
    data = _parse(path, _read(path))
    cfg = Config(path=path)
    for key, value in data.items():
        if key in codemod_defaults:
            cfg.codemod_options[key] = _codemod_table(path, key, value, codemod_defaults[key])
        elif key in ("select", "ignore", "exclude"):
            setattr(cfg, key, _strings(path, key, value))
            if key == "exclude" and len(value) > MAX_EXCLUDES:
                raise ConfigError(f"{path}: exclude holds {len(value)} patterns (at most {MAX_EXCLUDES})")
        elif key == "unsafe-fixes":
            cfg.unsafe_fixes = _typed(path, key, value, False)
        elif key == "max-file-size":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ConfigError(f"{path}: max-file-size must be a number of bytes or a size like \"4MiB\", "
                                  f"not {_type_name(value)} {shown(value)}")
            cfg.max_file_size = value
        else:
            known = ", ".join([*KNOWN_KEYS, *(f"[{c}]" for c in codemod_defaults)])
            raise ConfigError(f"{path}: unknown key {shown(key)} (known: {known})")
    return cfg


def _read(path: str) -> str:
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_SIZE + 1)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    if len(raw) > MAX_SIZE:
        raise ConfigError(f"{path}: larger than {MAX_SIZE // 1024} KiB; not a gofixer configuration")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 (byte 0x{raw[e.start]:02x}); TOML files must be UTF-8") from None


def _parse(path: str, text: str) -> dict[str, Any]:
    try:  # here: a run without a configuration file never needs a TOML parser
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {_cut(str(e), 200)}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays
        raise ConfigError(f"{path}: arrays or tables nested too deeply") from None


def _codemod_table(path: str, codemod: str, value: Any, defaults: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{codemod}] must be a table of options, not {_type_name(value)}")
    out = {}
    for key, v in value.items():
        if key not in defaults:
            known = ", ".join(defaults) or "none"
            raise ConfigError(f"{path}: [{codemod}] has no option {shown(key)} (known: {known})")
        out[key] = _typed(path, f"[{codemod}] {key}", v, defaults[key])
    return out


def _typed(path: str, key: str, value: Any, default: Any) -> Any:
    """`value` when it has the type of `default` (TOML has no truthiness:
    "no" is a string, never false)."""
    want = type(default)
    ok = isinstance(value, want) and (want is not int or not isinstance(value, bool))
    if not ok:
        raise ConfigError(f"{path}: {key} must be {_type_name(default)}, not {_type_name(value)} {shown(value)}")
    return value


def _strings(path: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ConfigError(f"{path}: {key} must be a list of strings, not {_type_name(value)} {shown(value)}")
    for v in value:
        if not isinstance(v, str):
            raise ConfigError(f"{path}: {key} must be a list of strings, but holds {_type_name(v)} {shown(v)}")
    return list(value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    return {int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def shown(value: Any) -> str:
    """A value as a message may echo it: quoted, and cut to a sane length."""
    return _cut(repr(value) if isinstance(value, str) else _short_repr(value), SHOWN)


def _short_repr(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return "[...]" if isinstance(value, list) else "{...}"
    return repr(value)


def _cut(text: str, limit: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def exclude_matcher(patterns: list[str] | None) -> Callable[[str], bool]:
    """A test of display paths against the `exclude` globs, built once: a path
    is excluded when a glob matches it or a folder above it (`*` crosses `/`).
    Plain names are looked up in a set and globs are joined into a few
    regexes, so a long list costs little per path."""
    if not patterns:
        return lambda path: False
    plain: set[str] = set()
    globs: list[str] = []
    for pat in patterns:
        if any(c in pat for c in "*?["):
            globs += [fnmatch.translate(pat), fnmatch.translate(pat.rstrip("/") + "/*")]
        else:
            plain.add(pat.rstrip("/") or "/")
    regexes = [re.compile("|".join(globs[i : i + 512])) for i in range(0, len(globs), 512)]

    def excluded(path: str) -> bool:
        norm = path.replace(os.sep, "/")
        if plain and _with_parents(norm) & plain:
            return True
        return any(r.match(norm) for r in regexes)

    return excluded


def _with_parents(path: str) -> set[str]:
    out = {path}
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        out.add(path or "/")
    return out
