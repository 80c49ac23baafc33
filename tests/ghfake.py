"""A fake GitHub REST API for the pull-request bot's tests: a threaded http.server on
127.0.0.1 that speaks the documented shapes of GET /repos/{owner}/{repo} and the
pulls endpoints (list, create, update) and records every request it gets."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit


@dataclass
class Raw:
    """An answer sent exactly as given, for answers the real API would never send."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str  # without the query string
    query: dict[str, str]
    auth: str | None  # the Authorization header as sent
    body: Any  # the decoded JSON body, or None


@dataclass
class FakeGitHub:
    """State of the fake: repositories, pull requests, and failures to inject.

    `fail` maps (METHOD, path) or (METHOD, "*") or ("*", "*") to (status, json body),
    a Raw answer, or a function of the request's headers returning either: the
    next matching requests get that answer instead of the real one. `branch_exists`
    (owner/repo, branch) -> bool lets POST /pulls answer 422 for a head branch that was
    never pushed, as GitHub does."""

    token: str = "test-token"
    repos: dict[str, dict[str, Any]] = field(default_factory=dict)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    fail: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)
    branch_exists: Callable[[str, str], bool] | None = None
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_repo(self, slug: str, default_branch: str = "main") -> None:
        self.repos[slug] = {"default_branch": default_branch}

    def calls(self, method: str | None = None) -> list[Request]:
        return [r for r in self.requests if method is None or r.method == method]

    # -------------------------------------------------------------- handling

    def handle(self, method: str, raw_path: str, auth: str | None, body: Any, headers: Any = None) -> Any:
        parts = urlsplit(raw_path)
        path = parts.path
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append(Request(method, path, query, auth, body))
            for key in ((method, path), (method, "*"), ("*", "*")):
                if key in self.fail:
                    answer = self.fail[key]
                    return answer(headers) if callable(answer) else answer
            if auth != f"token {self.token}" and auth != f"Bearer {self.token}":
                return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
            return self._route(method, path, query, body)

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        seg = [s for s in path.split("/") if s]
        if len(seg) < 3 or seg[0] != "repos":
            return 404, {"message": "Not Found"}
        slug = f"{seg[1]}/{seg[2]}"
        if slug not in self.repos:
            return 404, {"message": "Not Found"}
        rest = seg[3:]
        if not rest and method == "GET":
            return 200, self._repo_json(slug)
        if rest == ["pulls"] and method == "GET":
            return 200, self._list_pulls(slug, query)
        if rest == ["pulls"] and method == "POST":
            return self._create_pull(slug, body or {})
        if len(rest) == 2 and rest[0] == "pulls" and rest[1].isdigit():
            pr = next((p for p in self.pulls if p["_slug"] == slug and p["number"] == int(rest[1])), None)
            if pr is None:
                return 404, {"message": "Not Found"}
            if method == "GET":
                return 200, self._pull_json(pr)
            if method == "PATCH":
                for k in ("title", "body", "state", "base"):
                    if k in (body or {}):
                        pr[k] = body[k]
                return 200, self._pull_json(pr)
        return 404, {"message": "Not Found"}

    def _repo_json(self, slug: str) -> dict[str, Any]:
        owner, name = slug.split("/")
        return {
            "id": 1,
            "name": name,
            "full_name": slug,
            "owner": {"login": owner, "id": 1, "type": "User"},
            "private": False,
            "default_branch": self.repos[slug]["default_branch"],
            "url": f"{self.base_url}/repos/{slug}",
            "html_url": f"https://github.example/{slug}",
        }

    def _list_pulls(self, slug: str, query: dict[str, str]) -> list[dict[str, Any]]:
        state = query.get("state", "open")
        out = []
        for p in self.pulls:
            if p["_slug"] != slug or (state != "all" and p["state"] != state):
                continue
            if "head" in query and query["head"] != f"{slug.split('/')[0]}:{p['head']}":
                continue
            if "base" in query and query["base"] != p["base"]:
                continue
            out.append(self._pull_json(p))
        return out

    def _create_pull(self, slug: str, body: dict[str, Any]) -> tuple[int, Any]:
        missing = [k for k in ("title", "head", "base") if not body.get(k)]
        if missing:
            return 422, {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "missing_field", "field": missing[0]}]}
        head = body["head"].split(":", 1)[-1]
        if self.branch_exists is not None and not self.branch_exists(slug, head):
            return 422, {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "invalid", "field": "head"}]}
        if any(p["_slug"] == slug and p["head"] == head and p["state"] == "open" for p in self.pulls):
            return 422, {
                "message": "Validation Failed",
                "errors": [{"resource": "PullRequest", "code": "custom", "message": f"A pull request already exists for {body['head']}."}],
            }
        pr = {
            "_slug": slug,
            "number": len(self.pulls) + 1,
            "state": "open",
            "title": body["title"],
            "body": body.get("body"),
            "head": head,
            "base": body["base"],
            "draft": bool(body.get("draft", False)),
        }
        self.pulls.append(pr)
        return 201, self._pull_json(pr)

    def _pull_json(self, p: dict[str, Any]) -> dict[str, Any]:
        slug = p["_slug"]
        owner = slug.split("/")[0]
        return {
            "id": 1000 + p["number"],
            "number": p["number"],
            "state": p["state"],
            "title": p["title"],
            "body": p["body"],
            "draft": p["draft"],
            "url": f"{self.base_url}/repos/{slug}/pulls/{p['number']}",
            "html_url": f"https://github.example/{slug}/pull/{p['number']}",
            "user": {"login": "gofixer-bot", "id": 2, "type": "Bot"},
            "head": {"label": f"{owner}:{p['head']}", "ref": p["head"], "sha": "0" * 40},
            "base": {"label": f"{owner}:{p['base']}", "ref": p["base"], "sha": "0" * 40},
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        answer = self.fake.handle(self.command, self.path, self.headers.get("Authorization"), body, self.headers)
        if isinstance(answer, Raw):
            self.send_response(answer.status)
            for k, v in answer.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            return
        status, payload = answer
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


class Server:
    """Runs a FakeGitHub on a free loopback port; use as a context manager."""

    def __init__(self, fake: FakeGitHub | None = None):
        self.fake = fake or FakeGitHub()
        handler = type("Handler", (_Handler,), {"fake": self.fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.fake.base_url = self.url
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
