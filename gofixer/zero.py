"""Zero values: the Go literal a fix can write for "the zero value of this type",
for example in a `return <zeros>, err` it adds. Named types are resolved through
the file's own type declarations (local ones in scope first) and then the package
index; an unresolvable named type gets the generic `*new(T)`, which is valid Go
for every type."""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from . import syntax
from .syntax import Node

_NUMERIC = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune "
    "float32 float64 complex64 complex128".split()
)
_NIL_NAMES = frozenset({"error", "any"})
_NIL_KINDS = frozenset({"pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type"})
_COMPOSITE_KINDS = frozenset({"struct_type", "array_type", "implicit_length_array_type"})
# gofixer.package TypeDecl kinds.
_NIL_DECL_KINDS = frozenset({"pointer", "slice", "map", "chan", "func", "interface"})
_COMPOSITE_DECL_KINDS = frozenset({"struct", "array"})
_MAX_CHAIN = 16


def zero_value(type_: Node | str, file: Any) -> str | None:
    """The zero value literal for a type given as a type node (resolved where it
    stands: type parameters and local type declarations count) or as type text
    (resolved at package level). None when the type is not understood."""
    if isinstance(type_, str):
        node = _parse_type(type_)
        if node is None:
            return None
        return _zero(node, type_.strip(), file, None, 0)
    if type_.has_error:
        return None
    return _zero(type_, syntax.text(type_), file, type_, 0)


def _zero(node: Node, spelled: str, file: Any, at: Node | None, depth: int) -> str | None:
    """`spelled` is how the original type is written: composite literals and the
    generic fallback must name that type, not its underlying one."""
    if depth > _MAX_CHAIN:
        return _fallback(spelled)
    kind = node.type
    if kind == "parenthesized_type":
        inner = node.named_children[0] if node.named_children else None
        return None if inner is None else _zero(inner, spelled, file, at, depth + 1)
    if kind in _NIL_KINDS:
        return "nil"
    if kind in _COMPOSITE_KINDS:
        return _composite(spelled)
    if kind == "generic_type":
        base = node.child_by_field_name("type")
        decl_kind = _named_kind(syntax.text(base), file, at) if base is not None else None
        if decl_kind in _COMPOSITE_DECL_KINDS:
            return _composite(spelled)
        if decl_kind in _NIL_DECL_KINDS:
            return "nil"
        return _fallback(spelled)
    if kind == "qualified_type":
        return _qualified(node, spelled, file)
    if kind == "type_identifier":
        return _named(syntax.text(node), spelled, file, at, depth)
    return None


def _named(name: str, spelled: str, file: Any, at: Node | None, depth: int) -> str | None:
    if at is not None and name in _type_parameters(at):
        return _fallback(spelled)
    spec = _local_type_spec(name, at) if at is not None else None
    if spec is None:
        spec = _file_type_spec(name, file)
    if spec is not None:
        underlying = spec.child_by_field_name("type")
        if underlying is None or spec.child_by_field_name("type_parameters") is not None:
            return _fallback(spelled)
        return _zero(underlying, spelled, file, at, depth + 1)
    decl = _package_decl(name, file)
    if decl is not None:
        return _from_decl(decl, spelled, file, depth)
    if name in _NUMERIC:
        return "0"
    if name == "string":
        return '""'
    if name == "bool":
        return "false"
    if name in _NIL_NAMES:
        return "nil"
    return _fallback(spelled)


def _from_decl(decl: Any, spelled: str, file: Any, depth: int) -> str | None:
    kind = decl.kind
    if kind in _COMPOSITE_DECL_KINDS:
        return _composite(spelled)
    if kind in _NIL_DECL_KINDS:
        return "nil"
    underlying = decl.underlying_text
    if kind in ("basic", "named") and isinstance(underlying, str):
        node = _parse_type(underlying)
        if node is not None:
            return _zero(node, spelled, file, None, depth + 1)
    return _fallback(spelled)


def _named_kind(name: str, file: Any, at: Node | None) -> str | None:
    spec = (_local_type_spec(name, at) if at is not None else None) or _file_type_spec(name, file)
    if spec is not None:
        underlying = spec.child_by_field_name("type")
        return {"struct_type": "struct", "array_type": "array", "pointer_type": "pointer",
                "slice_type": "slice", "map_type": "map", "channel_type": "chan",
                "function_type": "func", "interface_type": "interface"}.get(underlying.type if underlying else "")
    decl = _package_decl(name, file)
    return decl.kind if decl is not None else None


def _composite(spelled: str) -> str | None:
    return None if "\n" in spelled else f"{spelled}{{}}"


def _fallback(spelled: str) -> str | None:
    return None if "\n" in spelled or not spelled else f"*new({spelled})"


# Standard library named types by kind: nil for the slices, maps, funcs and
# interfaces (`net.IP`, `http.Header` and `json.RawMessage` are nil, not
# `*new(T)` nor an empty literal), 0 for numbers, `T{}` for structs. A
# qualified type in none of these, and unknown to the package index of a
# package in the same module, gets the generic fallback.
_STD_NIL = {
    "context": "Context CancelFunc CancelCauseFunc",
    "io": "Reader Writer Closer ReadCloser WriteCloser ReadWriter ReadWriteCloser ReaderAt WriterAt Seeker "
    "ReadSeeker ReadSeekCloser ByteReader ByteScanner RuneReader RuneScanner StringWriter ReaderFrom WriterTo",
    "io/fs": "FS File FileInfo DirEntry ReadDirFile WalkDirFunc", "path/filepath": "WalkFunc",
    "net": "Conn Listener Addr PacketConn Error IP IPMask HardwareAddr Buffers",
    "net/http": "Handler HandlerFunc RoundTripper ResponseWriter CookieJar Flusher Hijacker Pusher Header",
    "net/url": "Values", "net/textproto": "MIMEHeader", "mime/multipart": "File",
    "reflect": "Type", "fmt": "Stringer GoStringer Formatter State Scanner ScanState", "sort": "Interface "
    "StringSlice IntSlice Float64Slice", "hash": "Hash Hash32 Hash64", "sync": "Locker",
    "crypto": "Signer Decrypter PrivateKey PublicKey", "crypto/cipher": "AEAD Block Stream BlockMode",
    "database/sql/driver": "Conn Rows Stmt Tx Value Driver Result", "os": "Signal",
    "go/ast": "Node Expr Stmt Decl Spec", "go/types": "Type Object", "image": "Image",
    "image/color": "Color Model", "encoding": "TextMarshaler TextUnmarshaler BinaryMarshaler BinaryUnmarshaler",
    "encoding/json": "Marshaler Unmarshaler RawMessage Token", "syscall": "Sockaddr", "log/slog": "Handler "
    "Leveler LogValuer", "errors": "", "testing": "TB",
}
_STD_ZERO = {
    "time": "Duration Month Weekday", "os": "FileMode", "io/fs": "FileMode", "reflect": "Kind ChanDir",
    "syscall": "Errno Signal", "net/http": "ConnState SameSite", "log/slog": "Level Kind", "crypto": "Hash",
    "crypto/tls": "CurveID SignatureScheme ClientAuthType", "encoding/json": "Delim",
}
_STD_STRUCT = {
    "time": "Time Location Timer Ticker", "reflect": "Value StructField Method",
    "sync": "Mutex RWMutex WaitGroup Once Map Pool Cond", "strings": "Builder Reader Replacer",
    "bytes": "Buffer Reader", "bufio": "Reader Writer Scanner ReadWriter", "math/big": "Int Float Rat",
    "net/url": "URL Userinfo", "net/http": "Request Response Client Server Cookie Transport",
    "net": "IPNet IPAddr TCPAddr UDPAddr UnixAddr Dialer Resolver ListenConfig OpError DNSError",
    "net/netip": "Addr Prefix AddrPort", "crypto/tls": "Config Certificate ConnectionState",
    "crypto/x509": "Certificate CertPool", "encoding/json": "Decoder Encoder", "os/exec": "Cmd",
    "regexp": "Regexp", "log/slog": "Attr Value Record", "os": "ProcAttr ProcessState",
}


def _qualified(node: Node, spelled: str, file: Any) -> str | None:
    qualifier = syntax.text(node.child_by_field_name("package"))
    name = syntax.text(node.child_by_field_name("name"))
    imports = file.imports or {}
    path = next((p for p, local in imports.items() if local == qualifier), None)
    for table, zero in ((_STD_NIL, "nil"), (_STD_ZERO, "0")):
        if path in table and name in table[path].split():
            return zero
    if path in _STD_STRUCT and name in _STD_STRUCT[path].split():
        return _composite(spelled)
    decl = _module_decl(path, name, file)
    if decl is not None:
        if decl.kind in _COMPOSITE_DECL_KINDS:
            return _composite(spelled)
        if decl.kind in _NIL_DECL_KINDS:
            return "nil"
        basic = _BASIC_ZERO.get(decl.underlying_text) if isinstance(decl.underlying_text, str) else None
        if decl.kind == "basic" and basic is not None:
            return basic
    return _fallback(spelled)


_BASIC_ZERO = {**{t: "0" for t in _NUMERIC}, "string": '""', "bool": "false"}


def _module_decl(path: str | None, name: str, file: Any) -> Any:
    """What the package index knows of type `name` of the imported package
    `path`, when that package is in the file's own module (go.mod above the
    file names a module path that `path` starts with)."""
    loader = getattr(file, "package_loader", None)
    source = getattr(file, "source", None)
    if path is None or loader is None or source is None:
        return None
    found = _module_of(os.path.dirname(source.abspath))
    if found is None:
        return None
    root, module = found
    if path != module and not path.startswith(module + "/"):
        return None
    directory = os.path.join(root, *path[len(module):].split("/"))
    if not os.path.isdir(directory):
        return None
    try:
        return loader(directory).type_decl(name)
    except Exception:  # the index is best effort; a broken one must not stop a fix
        return None


@functools.lru_cache(maxsize=256)
def _module_of(directory: str) -> tuple[str, str] | None:
    """The nearest go.mod at or above `directory`: its folder and module path."""
    d = directory
    while True:
        gomod = os.path.join(d, "go.mod")
        if os.path.isfile(gomod):
            try:
                with open(gomod, encoding="utf-8", errors="replace") as f:
                    m = re.search(r"^module\s+\"?([^\s\"]+)", f.read(), re.MULTILINE)
            except OSError:
                return None
            return (d, m.group(1)) if m else None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


# ---------------------------------------------------------------- lookups


def _type_parameters(at: Node) -> set[str]:
    names: set[str] = set()
    for fn in [at, *syntax.ancestors(at)]:
        if fn.type not in ("function_declaration", "method_declaration"):
            continue
        params = fn.child_by_field_name("type_parameters")
        if params is not None:
            for decl in params.named_children:
                names.update(syntax.text(n) for n in decl.children_by_field_name("name"))
        receiver = fn.child_by_field_name("receiver")
        if receiver is not None:
            # func (s *Set[T]) ...: T is a type parameter of the method.
            for g in syntax.of_type(receiver, "type_arguments"):
                names.update(syntax.text(n) for n in syntax.of_type(g, "type_identifier"))
    return names


def _local_type_spec(name: str, at: Node) -> Node | None:
    """A type declared in a block around `at` (before it), innermost first."""
    for block in syntax.ancestors(at):
        if block.type not in ("block", "statement_list"):
            continue
        for stmt in syntax.statements(block):
            if stmt.start_byte >= at.start_byte:
                break
            if stmt.type == "type_declaration":
                spec = _spec_named(stmt, name)
                if spec is not None:
                    return spec
    return None


def _file_type_spec(name: str, file: Any) -> Node | None:
    """The file's top-level type spec of that name; the file's specs are listed
    once and kept in the file's memo."""
    memo = getattr(file, "memo", {})  # a FileContext has one; a stand-in may not
    specs = memo.get((__name__, "type specs"))
    if specs is None:
        specs = memo[(__name__, "type specs")] = {}
        for decl in file.root.children:
            if decl.type == "type_declaration":
                for spec in decl.named_children:
                    if spec.type in ("type_spec", "type_alias"):
                        specs.setdefault(syntax.text(spec.child_by_field_name("name")), spec)
    return specs.get(name)


def _spec_named(decl: Node, name: str) -> Node | None:
    for spec in decl.named_children:
        if spec.type in ("type_spec", "type_alias") and syntax.text(spec.child_by_field_name("name")) == name:
            return spec
    return None


def _package_decl(name: str, file: Any) -> Any:
    if file.package is None:
        return None
    try:
        return file.package.type_decl(name)
    except Exception:  # the index is best effort; a broken one must not stop a fix
        return None


def _parse_type(text: str) -> Node | None:
    if not text.strip() or "\n" in text.strip():
        return None
    tree = syntax.parse(f"package p\n\nvar _ {text.strip()}\n".encode())
    if tree.root_node.has_error:
        return None
    for spec in syntax.of_type(tree.root_node, "var_spec"):
        return spec.child_by_field_name("type")
    return None
