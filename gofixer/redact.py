"""The one redaction every message goes through before it reaches the user or a
log: the token in use, anything shaped like a GitHub token, and the credentials a
URL may carry are replaced by ***."""

from __future__ import annotations

import re

# GitHub's token formats: classic and OAuth/app tokens (ghp_, gho_, ghu_, ghs_, ghr_)
# and fine-grained personal access tokens (github_pat_).
_TOKEN_SHAPED = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,})")
_URL_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Redact `value` wherever it appears from now on (the token the bot uses)."""
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _TOKEN_SHAPED.sub("***", text)
    return _URL_CREDENTIALS.sub(r"\1***@", text)
