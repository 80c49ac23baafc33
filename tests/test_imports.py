import pytest

from gofixer import syntax
from gofixer.edits import Import, apply_edits
from gofixer.imports import add_imports, default_name, import_specs, local_names, remove_import, with_imports
from gotool import gofmt_unformatted


def add(src: str, *imports: Import) -> str:
    text = src.encode()
    tree = syntax.parse(text)
    return apply_edits(text, add_imports(text, tree.root_node, list(imports))).decode()


def test_local_names_with_alias_blank_and_dot():
    src = b'package p\n\nimport (\n\tctxpkg "context"\n\t_ "embed"\n\t. "strings"\n\t"net/http"\n)\n'
    assert local_names(syntax.parse(src).root_node) == {"context": "ctxpkg", "net/http": "http"}


@pytest.mark.parametrize("path,name", [("github.com/x/y/v2", "y"), ("gopkg.in/yaml.v3", "yaml"), ("github.com/mattn/go-sqlite3", "sqlite3"), ("fmt", "fmt")])
def test_default_name(path, name):
    assert default_name(path) == name


def test_existing_import_is_not_added_twice():
    src = 'package p\n\nimport "fmt"\n'
    assert add(src, Import("fmt")) == src


def test_no_imports_yet():
    assert add("package p\n\nfunc f() {}\n", Import("fmt")) == 'package p\n\nimport "fmt"\n\nfunc f() {}\n'


def test_single_import_becomes_a_sorted_block():
    out = add('package p\n\nimport "os"\n', Import("fmt"))
    assert out == 'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n'


def test_sorted_into_first_group():
    src = 'package p\n\nimport (\n\t"context"\n\t"os"\n\n\t"example.com/x"\n)\n'
    out = add(src, Import("fmt"), Import("time"))
    assert out == 'package p\n\nimport (\n\t"context"\n\t"fmt"\n\t"os"\n\t"time"\n\n\t"example.com/x"\n)\n'


def test_alias_import():
    out = add('package p\n\nimport "os"\n', Import("fmt", "fmtpkg"))
    assert 'fmtpkg "fmt"' in out


def test_results_are_gofmt_clean(tmp_path):
    cases = [
        "package p\n\nfunc f() {}\n",
        'package p\n\nimport "os"\n\nvar _ = os.Args\n',
        'package p\n\nimport (\n\t"context"\n\t"os"\n)\n\nvar _ = os.Args\nvar _ context.Context\n',
    ]
    files = []
    for i, src in enumerate(cases):
        p = tmp_path / f"f{i}.go"
        p.write_text(add(src, Import("fmt"), Import("errors")))
        files.append(str(p))
    assert gofmt_unformatted(files) == ""


def remove(src: str, path: str) -> str:
    text = src.encode()
    [spec] = [s for s in import_specs(syntax.parse(text).root_node) if s.path == path]
    return apply_edits(text, [remove_import(text, spec)]).decode()


REMOVALS = [
    # the only import: the whole declaration and the blank line after it go
    ('package p\n\nimport "io/ioutil"\n\nfunc f() {}\n', "package p\n\nfunc f() {}\n"),
    ('package p\n\nimport (\n\t"io/ioutil"\n)\n\nfunc f() {}\n', "package p\n\nfunc f() {}\n"),
    # one import left: the plain form
    ('package p\n\nimport (\n\t"io/ioutil"\n\t"os"\n)\n', 'package p\n\nimport "os"\n'),
    ('package p\n\nimport (\n\t"fmt"\n\t"io/ioutil"\n\t"os"\n)\n', 'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n'),
    # alone in a group: one of the blank lines around it goes too
    ('package p\n\nimport (\n\t"fmt"\n\n\t"io/ioutil"\n\n\t"example.com/x"\n)\n',
     'package p\n\nimport (\n\t"fmt"\n\n\t"example.com/x"\n)\n'),
    ('package p\n\nimport (\n\t"fmt"\n\t"os"\n\n\tiu "io/ioutil" // old\n)\n', 'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n'),
    ('package p\n\nimport ("fmt"; "io/ioutil")\n', 'package p\n\nimport "fmt"\n'),
    # sharing a line with other specs: a blank import instead
    ('package p\n\nimport ("fmt"; "io/ioutil"; "os")\n', 'package p\n\nimport ("fmt"; _ "io/ioutil"; "os")\n'),
]


@pytest.mark.parametrize("src,want", REMOVALS)
def test_remove_import(src, want):
    assert remove(src, "io/ioutil") == want


def test_removals_are_gofmt_clean(tmp_path):
    files = []
    for i, (src, _) in enumerate(REMOVALS[:-1]):  # the last one was not gofmt-clean to begin with
        p = tmp_path / f"r{i}.go"
        p.write_text(remove(src, "io/ioutil"))
        files.append(str(p))
    assert gofmt_unformatted(files) == ""


def test_imports_are_added_after_the_fixes_that_edit_the_block():
    src = 'package p\n\nimport (\n\t"fmt"\n\t"io/ioutil"\n\t"strings"\n)\n'
    out = with_imports(remove(src, "io/ioutil").encode(), [Import("os"), Import("log")])
    assert out == b'package p\n\nimport (\n\t"fmt"\n\t"log"\n\t"os"\n\t"strings"\n)\n'
