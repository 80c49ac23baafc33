"""The few GitHub REST calls the bot makes, on the standard library's HTTP client,
distrusting every answer: the status, the content type and the JSON's shape are
checked before anything is used, a redirect is followed only to the same host (the
token goes nowhere else), and every failure becomes one message that says what to
do, with the token redacted."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from . import __version__
from .redact import redact, register_secret

MAX_RESPONSE = 8 << 20  # bytes: far above any answer the bot asks for
MAX_REDIRECTS = 5
RETRIED = (502, 503, 504)  # gateway hiccups; only reads are retried


class ApiError(Exception):
    """A failure to tell the user; the message is already redacted."""

    def __init__(self, message: str):
        super().__init__(redact(message))


@dataclass
class Pull:
    number: int
    body: str | None
    html_url: str
    head_ref: str
    base_ref: str


class GitHub:
    """One repository's endpoints: the repository itself and its pull requests."""

    def __init__(self, api_url: str, token: str, slug: str, timeout: float = 30):
        register_secret(token)
        self.url = api_url.rstrip("/")
        self.slug = slug
        self.owner = slug.split("/")[0]
        self._token = token
        self._timeout = timeout
        self._default_branch: str | None = None

    def check_repository(self) -> None:
        data = self._call("GET", f"/repos/{self.slug}", f"read the repository {self.slug}")
        branch = _field(data, "default_branch", str, f"the repository {self.slug}")
        self._default_branch = branch

    def default_branch(self) -> str:
        if self._default_branch is None:
            self.check_repository()
        return self._default_branch

    def open_pulls(self, branch: str) -> list[Pull]:
        what = f"list the open pull requests for {branch}"
        query = {"state": "open", "head": f"{self.owner}:{branch}"}
        data = self._call("GET", f"/repos/{self.slug}/pulls?{urlencode(query)}", what)
        if not isinstance(data, list):
            raise ApiError(f"GitHub's answer to {what} is not a list of pull requests ({_kind(data)})")
        return [_pull(p, what) for p in data]

    def create_pull(self, base: str, branch: str, title: str, body: str, draft: bool) -> Pull:
        what = f"open the pull request for {branch}"
        data = self._call("POST", f"/repos/{self.slug}/pulls", what,
                          {"base": base, "head": branch, "title": title, "body": body, "draft": draft}, pushed=branch)
        return _pull(data, what, pushed=branch)

    def update_pull(self, pull: Pull, base: str, title: str, body: str) -> Pull:
        what = f"update pull request #{pull.number}"
        change: dict[str, Any] = {"title": title, "body": body}
        if pull.base_ref != base:  # the branch is now built on another base
            change["base"] = base
        data = self._call("PATCH", f"/repos/{self.slug}/pulls/{pull.number}", what, change, pushed=pull.head_ref)
        return _pull(data, what, pushed=pull.head_ref)

    # -------------------------------------------------------------- transport

    def _call(self, method: str, path: str, what: str, payload: Any = None, pushed: str | None = None) -> Any:
        try:
            return self._request(method, self.url + path, what, payload)
        except ApiError as e:
            msg = str(e)
        if pushed:
            msg += f" (branch {pushed} is pushed; run gofixer pr again to finish)"
        raise ApiError(msg)

    def _request(self, method: str, url: str, what: str, payload: Any) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        retries = 0
        while True:
            status, headers, body = self._follow(method, url, data, what)
            if status in RETRIED and method == "GET" and retries < 2:
                retries += 1
                time.sleep(retries)
                continue
            return self._answer(status, headers, body, what)

    def _follow(self, method: str, url: str, data: bytes | None, what: str) -> tuple[int, Any, bytes]:
        """The answer at the end of the redirects that stay on the API's host."""
        for _ in range(MAX_REDIRECTS + 1):
            status, headers, body = self._send(method, url, data, what)
            if status not in (301, 302, 303, 307, 308):
                return status, headers, body
            url = self._redirect(url, headers.get("Location"), what)
        raise ApiError(f"GitHub's API redirected more than {MAX_REDIRECTS} times when trying to {what}")

    def _send(self, method: str, url: str, data: bytes | None, what: str) -> tuple[int, Any, bytes]:
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"token {self._token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": f"gofixer/{__version__}",
            **({"Content-Type": "application/json"} if data is not None else {}),
        })
        try:
            resp = _OPENER.open(req, timeout=self._timeout)
        except urllib.error.HTTPError as e:  # a status urllib does not call success
            resp = e
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise ApiError(f"cannot reach the GitHub API at {self.url} to {what}: {_reason(e)}") from None
        try:
            with resp:
                body = resp.read(MAX_RESPONSE + 1)
        except (OSError, ValueError) as e:
            raise ApiError(f"cannot read GitHub's answer when trying to {what}: {_reason(e)}") from None
        if len(body) > MAX_RESPONSE:
            raise ApiError(f"GitHub's answer when trying to {what} is larger than {MAX_RESPONSE >> 20} MiB")
        return resp.status, resp.headers, body

    def _redirect(self, url: str, location: str | None, what: str) -> str:
        """Where a redirect leads, when that is the same scheme, host and port: the
        token is never sent anywhere else."""
        if not location:
            raise ApiError(f"GitHub's API answered a redirect without a Location when trying to {what}")
        target = urljoin(url, location)
        here, there = urlsplit(url), urlsplit(target)
        if (here.scheme, here.hostname, here.port) != (there.scheme, there.hostname, there.port):
            raise ApiError(
                f"the GitHub API at {self.url} redirected to another host ({there.scheme}://{there.hostname}) when "
                f"trying to {what}; not followed, so the token is not sent there: check --api-url"
            )
        return target

    def _answer(self, status: int, headers: Any, body: bytes, what: str) -> Any:
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        is_json = ctype == "application/json" or (ctype.startswith("application/") and ctype.endswith("+json"))
        data = _json(body) if is_json else _NOT_JSON
        if 200 <= status < 300:
            if data is _NOT_JSON:
                shown = f"content type {ctype!r}" if not is_json else "a body that is not valid JSON"
                raise ApiError(f"GitHub's answer to {what} is not JSON ({shown}): check --api-url")
            return data
        detail = _api_message(data) if data is not _NOT_JSON else _snippet(body)
        raise ApiError(self._explain(what, status, detail))

    def _explain(self, what: str, status: int, detail: str) -> str:
        if status == 401:
            return f"GitHub rejected the token (401 {detail or 'Bad credentials'}): check GITHUB_TOKEN or GH_TOKEN"
        if status == 403:
            return (
                f"GitHub refused to {what} (403 {detail or 'Forbidden'}): the token needs write access to "
                f"contents and pull requests of {self.slug}, or a rate limit was hit"
            )
        if status == 404:
            return (
                f"GitHub found no {self.slug} at {self.url} when trying to {what} (404): check --repo-slug, "
                "--api-url and that the token can see the repository"
            )
        if status == 422:
            return f"GitHub could not {what} (422 {detail or 'Unprocessable Entity'})"
        return f"GitHub answered {status} when trying to {what}: {detail or 'no details'}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers; GitHub._redirect decides."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# No proxy handler from the environment is dropped: CI proxies still work.
_OPENER = urllib.request.build_opener(_NoRedirects)
_NOT_JSON = object()


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return _NOT_JSON


def _pull(data: Any, what: str, pushed: str | None = None) -> Pull:
    """A pull request from its JSON, or an ApiError when it is not one."""
    where = f"a pull request in GitHub's answer to {what}"
    try:
        head, base = _field(data, "head", dict, where), _field(data, "base", dict, where)
        body = data.get("body")
        if body is not None and not isinstance(body, str):
            raise ApiError(f"{where} has a body that is not text")
        number = _field(data, "number", int, where)
        if isinstance(number, bool):
            raise ApiError(f"{where} has no number")
        return Pull(number, body, _field(data, "html_url", str, where), _field(head, "ref", str, where),
                    _field(base, "ref", str, where))
    except ApiError as e:
        if pushed:
            raise ApiError(f"{e} (branch {pushed} is pushed; run gofixer pr again to finish)") from None
        raise


def _field(data: Any, name: str, kind: type, where: str) -> Any:
    if not isinstance(data, dict):
        raise ApiError(f"{where} is not a JSON object ({_kind(data)})")
    value = data.get(name)
    if not isinstance(value, kind):
        raise ApiError(f"{where} has no valid {name!r}")
    return value


def _kind(data: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(type(data), type(data).__name__)


def _api_message(data: Any) -> str:
    if not isinstance(data, dict):
        return _snippet(str(data or "").encode())
    parts = [str(data.get("message") or "").strip()]
    errors = data.get("errors")
    for err in errors if isinstance(errors, list) else []:
        if isinstance(err, dict):
            parts.append(str(err.get("message") or " ".join(str(err.get(k)) for k in ("field", "code") if err.get(k))))
        else:
            parts.append(str(err))
    return _snippet(": ".join(p for p in parts if p).encode())


def _snippet(body: bytes) -> str:
    """A short, one-line, printable piece of an answer."""
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:200] + ("..." if len(text) > 200 else "")


def _reason(e: BaseException) -> str:
    reason = getattr(e, "reason", None)
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", str(reason if reason is not None else e)).strip()
    return _snippet(text.encode()) or type(e).__name__


