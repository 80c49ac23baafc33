"""The bot against a hostile or broken API (the fake on loopback): answers that are
not JSON or not the expected shape, redirects to another host, error messages that
echo the request's headers. The token is never printed, never sent elsewhere."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import ghfake
from gofixer.cli import main
from gofixer.ghapi import ApiError, GitHub
from gofixer.redact import redact
from test_pr import SLUG, remote_refs, stubs, world  # noqa: F401  (fixtures)

TOKEN = "ghp_" + "A1b2C3d4" * 4 + "xyz9"


@pytest.fixture
def api():
    fake = ghfake.FakeGitHub(token=TOKEN)
    fake.add_repo(SLUG)
    with ghfake.Server(fake) as server:
        yield server


def run_pr(server):
    argv = ["pr", "--repo-slug", SLUG, "--api-url", server.url]
    return CliRunner().invoke(main, argv, env={"GITHUB_TOKEN": TOKEN}, catch_exceptions=False)


def _clean_failure(res, expect: str) -> None:
    assert res.exit_code == 2, res.output
    assert expect in res.output, res.output
    assert "Traceback" not in res.output and TOKEN not in res.output


def test_a_200_that_is_not_json_is_a_clear_error(world, api, stubs):
    api.fake.fail[("GET", f"/repos/{SLUG}")] = ghfake.Raw(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})
    _clean_failure(run_pr(api), "GitHub's answer to read the repository acme/shop is not JSON (content type 'text/html')")


def test_a_200_with_a_broken_json_body_is_a_clear_error(world, api, stubs):
    api.fake.fail[("GET", f"/repos/{SLUG}")] = ghfake.Raw(200, b"{not json", {"Content-Type": "application/json"})
    _clean_failure(run_pr(api), "not JSON (a body that is not valid JSON)")


@pytest.mark.parametrize("answer, expect", [
    ((200, ["a", "list"]), "the repository acme/shop is not a JSON object (a list)"),
    ((200, {"default_branch": 7}), "the repository acme/shop has no valid 'default_branch'"),
])
def test_a_json_answer_of_the_wrong_shape_is_a_clear_error(world, api, stubs, answer, expect):
    api.fake.fail[("GET", f"/repos/{SLUG}")] = answer
    _clean_failure(run_pr(api), expect)


def test_a_pull_request_of_the_wrong_shape_is_a_clear_error(world, api, stubs):
    api.fake.fail[("POST", f"/repos/{SLUG}/pulls")] = (201, {"number": "one"})
    res = run_pr(api)
    _clean_failure(res, "a pull request in GitHub's answer to open the pull request")
    assert "run gofixer pr again" in res.output


def test_a_redirect_to_another_host_is_not_followed(world, api, stubs):
    other = ghfake.Server(ghfake.FakeGitHub(token=TOKEN))
    with other:
        port = other.url.rsplit(":", 1)[1]
        api.fake.fail[("GET", f"/repos/{SLUG}")] = ghfake.Raw(
            301, b"", {"Location": f"http://localhost:{port}/repos/{SLUG}", "Content-Type": "application/json"})
        res = run_pr(api)
        _clean_failure(res, "redirected to another host (http://localhost)")
        assert other.fake.requests == []
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}


def test_a_redirect_on_the_same_host_is_followed_with_the_token(api):
    api.fake.add_repo("acme/renamed")
    api.fake.fail[("GET", "/repos/acme/old")] = ghfake.Raw(301, b"", {"Location": "/repos/acme/renamed"})
    gh = GitHub(api.url, TOKEN, "acme/old")
    assert gh.default_branch() == "main"
    assert [(r.path, r.auth) for r in api.fake.requests] == [
        ("/repos/acme/old", f"token {TOKEN}"), ("/repos/acme/renamed", f"token {TOKEN}")]


def test_endless_redirects_end(api):
    api.fake.fail[("GET", f"/repos/{SLUG}")] = ghfake.Raw(302, b"", {"Location": f"/repos/{SLUG}"})
    with pytest.raises(ApiError, match="redirected more than"):
        GitHub(api.url, TOKEN, SLUG).check_repository()


def test_an_error_that_echoes_the_headers_never_prints_the_token(world, api, stubs):
    def echo(headers):
        return 400, {"message": f"Problems parsing request; you sent {dict(headers)!r}",
                     "errors": [f"Authorization: {headers.get('Authorization')}", "and gho_" + "x" * 30]}

    api.fake.fail[("GET", f"/repos/{SLUG}")] = echo
    res = run_pr(api)
    _clean_failure(res, "GitHub answered 400 when trying to read the repository acme/shop: Problems parsing request")
    assert "***" in res.output and "gho_" not in res.output


def test_a_non_json_error_is_cut_short_and_redacted(world, api, stubs):
    api.fake.fail[("GET", f"/repos/{SLUG}")] = ghfake.Raw(
        500, (f"internal error token={TOKEN} " + "x" * 5000).encode(), {"Content-Type": "text/plain"})
    res = run_pr(api)
    _clean_failure(res, "GitHub answered 500 when trying to read the repository acme/shop: internal error token=***")
    assert len(res.output) < 1000


@pytest.mark.parametrize("secret", [
    "ghp_" + "a" * 36, "gho_" + "B" * 36, "ghu_" + "c1" * 18, "ghs_" + "d" * 36, "ghr_" + "e" * 36,
    "github_pat_11ABCDEFG0" + "x" * 60,
])
def test_anything_shaped_like_a_github_token_is_redacted(secret):
    assert redact(f"oops: {secret}.") == "oops: ***."
    assert redact(f"https://x-access-token:{secret}@github.com/a/b") == "https://***@github.com/a/b"
