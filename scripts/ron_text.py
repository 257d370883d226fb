#!/usr/bin/env python3
"""A small, careful RON reader for the Xinghuo exhibit files (standard library only).

It understands the RON subset used by `exhibits/*.ron`, `exhibits/tours/*.ron` and
`kiosk.ron`:

* named structs            ``Exhibit(id: "x", panels: [...])``   -> ``RonStruct`` (a dict)
* tuple structs / variants  ``Foo(1, 2)``                         -> ``RonTuple`` (a list)
* anonymous tuples          ``(1, 2)``                            -> ``RonTuple`` with name None
* maps                      ``{"zh": "…", "en": "…"}``            -> dict
* lists                     ``[a, b, c]``                         -> list
* strings with escapes      ``"a \\"b\\" \\n \\u{661F}"``, raw strings ``r#"…"#``
* chars                     ``'x'``                               -> str
* numbers                   ``12``, ``-3``, ``1_000``, ``0x1F``, ``2.5e3``, ``inf``, ``NaN``
* booleans                  ``true`` / ``false``
* options                   ``Some(x)`` -> x, ``None`` -> None
* bare enum identifiers     ``Junior``                            -> ``RonIdent`` (a str)
* ``//`` line comments, (nested) ``/* */`` block comments, trailing commas,
  and a leading ``#![enable(...)]`` attribute (skipped).

Errors raise ``RonError`` with the line and column.

Library use::

    from ron_text import load_file, localised_texts
    exhibit = load_file("exhibits/04-xia-minghan.ron")
    for path, text in localised_texts(exhibit):
        print(path, text["zh"], text["en"])

Command line::

    python3 scripts/ron_text.py --self-test
    python3 scripts/ron_text.py exhibits/04-xia-minghan.ron          # localised texts as JSON
    python3 scripts/ron_text.py --tree exhibits/04-xia-minghan.ron   # whole parsed tree as JSON
"""

from __future__ import annotations

import json
import math
import sys

__all__ = [
    "RonError",
    "RonStruct",
    "RonTuple",
    "RonIdent",
    "loads",
    "load_file",
    "localised_texts",
    "file_localised_texts",
    "all_strings",
    "LANGS",
]

LANGS = ("zh", "en")


class RonError(ValueError):
    """A syntax error, with 1-based line and column."""

    def __init__(self, message: str, line: int, col: int, source_name: str = "<string>"):
        super().__init__(f"{source_name}:{line}:{col}: {message}")
        self.line = line
        self.col = col
        self.source_name = source_name


class RonStruct(dict):
    """A named (or anonymous) struct: a dict of its fields, with the struct name in `.name`."""

    def __init__(self, name, fields=()):
        super().__init__(fields)
        self.name = name

    def __repr__(self):
        return f"{self.name or ''}{dict.__repr__(self)}"


class RonTuple(list):
    """A tuple struct / enum variant with data (other than Some), or an anonymous tuple."""

    def __init__(self, name, items=()):
        super().__init__(items)
        self.name = name

    def __repr__(self):
        return f"{self.name or ''}({list.__repr__(self)[1:-1]})"


class RonIdent(str):
    """A bare identifier used as a value: a unit enum variant such as `Junior`."""

    def __repr__(self):
        return f"RonIdent({str.__repr__(self)})"


_SIMPLE_ESCAPES = {
    '"': '"',
    "'": "'",
    "\\": "\\",
    "/": "/",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "b": "\b",
    "f": "\f",
    "0": "\0",
}


def _is_ident_start(c: str) -> bool:
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z")


def _is_ident_char(c: str) -> bool:
    return _is_ident_start(c) or ("0" <= c <= "9")


class _Parser:
    def __init__(self, text: str, source_name: str):
        if text.startswith("\ufeff"):  # tolerate a UTF-8 BOM
            text = text[1:]
        self.s = text
        self.n = len(text)
        self.i = 0
        self.name = source_name
        self.multiline_string = None  # (start, end) of the last string that spanned lines

    # ---- position and errors -------------------------------------------------
    def _linecol(self, pos: int):
        line = self.s.count("\n", 0, pos) + 1
        col = pos - (self.s.rfind("\n", 0, pos) + 1) + 1
        return line, col

    def error(self, message: str, pos: int | None = None):
        pos = self.i if pos is None else pos
        line, col = self._linecol(pos)
        ml = self.multiline_string
        if ml and ml[1] <= pos:
            message += f" (the string opened at line {self._linecol(ml[0])[0]} runs over several lines: missing closing quote?)"
        return RonError(message, line, col, self.name)

    def _describe_here(self) -> str:
        if self.i >= self.n:
            return "end of file"
        return repr(self.s[self.i : self.i + 12])

    # ---- whitespace and comments ----------------------------------------------
    def skip_ws(self):
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c in " \t\r\n\f\v\u00a0\ufeff\u2028\u2029":
                self.i += 1
            elif s.startswith("//", self.i):
                j = s.find("\n", self.i)
                self.i = n if j < 0 else j + 1
            elif s.startswith("/*", self.i):
                start = self.i
                depth = 0
                while True:
                    if self.i >= n:
                        raise self.error("unterminated /* comment */", start)
                    if s.startswith("/*", self.i):
                        depth += 1
                        self.i += 2
                    elif s.startswith("*/", self.i):
                        depth -= 1
                        self.i += 2
                        if depth == 0:
                            break
                    else:
                        self.i += 1
            else:
                break

    def peek(self) -> str:
        return self.s[self.i] if self.i < self.n else ""

    def expect(self, ch: str):
        self.skip_ws()
        if self.peek() != ch:
            raise self.error(f"expected {ch!r}, found {self._describe_here()}")
        self.i += 1

    # ---- top level -----------------------------------------------------------
    def parse_document(self):
        self.skip_ws()
        while self.s.startswith("#!", self.i):  # #![enable(implicit_some)] and friends
            self._skip_attribute()
            self.skip_ws()
        value = self.parse_value()
        self.skip_ws()
        if self.i < self.n:
            raise self.error(f"unexpected trailing content {self._describe_here()}")
        return value

    def _skip_attribute(self):
        start = self.i
        self.i += 2
        self.expect("[")
        depth = 1
        while depth:
            if self.i >= self.n:
                raise self.error("unterminated #![...] attribute", start)
            c = self.s[self.i]
            if c == '"':
                self.parse_string()
                continue
            depth += c == "["
            depth -= c == "]"
            self.i += 1

    # ---- values --------------------------------------------------------------
    def parse_value(self):
        self.skip_ws()
        c = self.peek()
        if not c:
            raise self.error("expected a value, found end of file")
        if c == '"':
            return self.parse_string()
        if c == "r" and (self.s.startswith('r"', self.i) or self.s.startswith("r#", self.i)):
            return self.parse_raw_string()
        if c == "b" and self.s.startswith('b"', self.i):
            raise self.error("byte strings are not supported here")
        if c == "'":
            return self.parse_char()
        if c == "[":
            return self.parse_list()
        if c == "{":
            return self.parse_map()
        if c == "(":
            return self.parse_parens(None, self.i)
        if c in "+-.0123456789":
            return self.parse_number()
        if _is_ident_start(c):
            return self.parse_ident_value()
        raise self.error(f"unexpected character {c!r}")

    def parse_ident(self) -> str:
        start = self.i
        # raw identifiers r#name
        if self.s.startswith("r#", self.i) and self.i + 2 < self.n and _is_ident_start(self.s[self.i + 2]):
            self.i += 2
            start = self.i
        if not _is_ident_start(self.peek()):
            raise self.error(f"expected an identifier, found {self._describe_here()}")
        while self.i < self.n and _is_ident_char(self.s[self.i]):
            self.i += 1
        return self.s[start : self.i]

    def parse_ident_value(self):
        start = self.i
        name = self.parse_ident()
        if name == "true":
            return True
        if name == "false":
            return False
        if name in ("inf", "NaN"):
            return math.inf if name == "inf" else math.nan
        self.skip_ws()
        if name == "None" and self.peek() != "(":
            return None
        if name == "Some":
            if self.peek() != "(":
                raise self.error("expected '(' after Some")
            self.i += 1
            inner = self.parse_value()
            self.skip_ws()
            if self.peek() == ",":  # Some(x,) is accepted by ron
                self.i += 1
                self.skip_ws()
            self.expect(")")
            return inner
        if self.peek() == "(":
            return self.parse_parens(name, start)
        return RonIdent(name)

    def _looks_like_field(self) -> bool:
        """After '(' : is the next thing `ident :` (struct) rather than a value (tuple)?"""
        save = self.i
        try:
            self.skip_ws()
            if not _is_ident_start(self.peek()):
                return False
            self.parse_ident()
            self.skip_ws()
            return self.peek() == ":"
        finally:
            self.i = save

    def parse_parens(self, name, start):
        open_pos = self.i
        self.i += 1  # '('
        if self._looks_like_field():
            obj = RonStruct(name)
            while True:
                self.skip_ws()
                if self.peek() == ")":
                    self.i += 1
                    return obj
                field_pos = self.i
                field = self.parse_ident()
                self.expect(":")
                if field in obj:
                    raise self.error(f"duplicate field {field!r} in {name or 'struct'}", field_pos)
                obj[field] = self.parse_value()
                self.skip_ws()
                c = self.peek()
                if c == ",":
                    self.i += 1
                elif c == ")":
                    self.i += 1
                    return obj
                elif not c:
                    raise self.error(f"unclosed {name or ''}( opened here", open_pos)
                else:
                    raise self.error(f"expected ',' or ')' after field {field!r}, found {self._describe_here()}")
        items = RonTuple(name)
        while True:
            self.skip_ws()
            if self.peek() == ")":
                self.i += 1
                return items
            if not self.peek():
                raise self.error(f"unclosed {name or ''}( opened here", open_pos)
            items.append(self.parse_value())
            self.skip_ws()
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == ")":
                self.i += 1
                return items
            else:
                raise self.error(f"expected ',' or ')' in tuple, found {self._describe_here()}")

    def parse_list(self):
        open_pos = self.i
        self.i += 1
        out = []
        while True:
            self.skip_ws()
            c = self.peek()
            if c == "]":
                self.i += 1
                return out
            if not c:
                raise self.error("unclosed '[' opened here", open_pos)
            out.append(self.parse_value())
            self.skip_ws()
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "]":
                self.i += 1
                return out
            else:
                raise self.error(f"expected ',' or ']' in list, found {self._describe_here()}")

    def parse_map(self):
        open_pos = self.i
        self.i += 1
        out = {}
        while True:
            self.skip_ws()
            c = self.peek()
            if c == "}":
                self.i += 1
                return out
            if not c:
                raise self.error("unclosed '{' opened here", open_pos)
            key_pos = self.i
            key = self.parse_value()
            try:
                hash(key)
            except TypeError:
                raise self.error("map keys must be strings, numbers or identifiers", key_pos) from None
            if key in out:
                raise self.error(f"duplicate map key {key!r}", key_pos)
            self.expect(":")
            out[key] = self.parse_value()
            self.skip_ws()
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "}":
                self.i += 1
                return out
            else:
                raise self.error(f"expected ',' or '}}' in map, found {self._describe_here()}")

    # ---- strings -------------------------------------------------------------
    def _parse_escape(self, quote_pos: int) -> str:
        # self.i is just after the backslash
        if self.i >= self.n:
            raise self.error("unterminated string", quote_pos)
        c = self.s[self.i]
        esc_pos = self.i - 1
        if c in _SIMPLE_ESCAPES:
            self.i += 1
            return _SIMPLE_ESCAPES[c]
        if c == "u":
            self.i += 1
            if self.peek() == "{":
                end = self.s.find("}", self.i)
                digits = self.s[self.i + 1 : end] if end > 0 else ""
                if end < 0 or not digits or len(digits) > 6 or any(d not in "0123456789abcdefABCDEF_" for d in digits):
                    raise self.error("bad \\u{...} escape", esc_pos)
                self.i = end + 1
                code = int(digits.replace("_", ""), 16)
            else:
                digits = self.s[self.i : self.i + 4]
                if len(digits) != 4 or any(d not in "0123456789abcdefABCDEF" for d in digits):
                    raise self.error("bad \\uXXXX escape", esc_pos)
                self.i += 4
                code = int(digits, 16)
                # a UTF-16 surrogate pair written as two \uXXXX escapes
                if 0xD800 <= code < 0xDC00 and self.s.startswith("\\u", self.i):
                    low = self.s[self.i + 2 : self.i + 6]
                    if len(low) == 4 and all(d in "0123456789abcdefABCDEF" for d in low) and 0xDC00 <= int(low, 16) < 0xE000:
                        self.i += 6
                        code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
            if code > 0x10FFFF or 0xD800 <= code < 0xE000:
                raise self.error("escape is not a valid Unicode scalar value", esc_pos)
            return chr(code)
        if c == "x":
            digits = self.s[self.i + 1 : self.i + 3]
            if len(digits) != 2 or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise self.error("bad \\xNN escape", esc_pos)
            code = int(digits, 16)
            if code > 0x7F:
                raise self.error("\\x escapes above 0x7F are not allowed in strings", esc_pos)
            self.i += 3
            return chr(code)
        if c == "\n" or c == "\r":  # line continuation: skip the newline and leading whitespace
            while self.i < self.n and self.s[self.i] in " \t\r\n":
                self.i += 1
            return ""
        raise self.error(f"unknown escape \\{c}", esc_pos)

    def parse_string(self) -> str:
        quote_pos = self.i
        self.i += 1
        parts = []
        s, n = self.s, self.n
        while True:
            j = self.i
            while j < n and s[j] != '"' and s[j] != "\\":
                j += 1
            parts.append(s[self.i : j])
            self.i = j
            if j >= n:
                raise self.error("unterminated string (missing closing \")", quote_pos)
            if s[j] == '"':
                self.i = j + 1
                text = "".join(parts)
                self.multiline_string = (quote_pos, self.i) if "\n" in s[quote_pos:j] else None
                return text
            self.i = j + 1
            parts.append(self._parse_escape(quote_pos))

    def parse_raw_string(self) -> str:
        start = self.i
        self.i += 1  # r
        hashes = 0
        while self.peek() == "#":
            hashes += 1
            self.i += 1
        if self.peek() != '"':
            raise self.error("bad raw string", start)
        self.i += 1
        terminator = '"' + "#" * hashes
        end = self.s.find(terminator, self.i)
        if end < 0:
            raise self.error("unterminated raw string", start)
        text = self.s[self.i : end]
        self.i = end + len(terminator)
        return text

    def parse_char(self) -> str:
        start = self.i
        self.i += 1
        if self.peek() == "\\":
            self.i += 1
            ch = self._parse_escape(start)
        else:
            ch = self.peek()
            if not ch or ch == "'":
                raise self.error("empty or unterminated char literal", start)
            self.i += 1
        if self.peek() != "'":
            raise self.error("char literal must hold exactly one character", start)
        self.i += 1
        return ch

    # ---- numbers -------------------------------------------------------------
    def parse_number(self):
        start = self.i
        s = self.s
        sign = 1
        if s[self.i] in "+-":
            sign = -1 if s[self.i] == "-" else 1
            self.i += 1
        if s.startswith("inf", self.i) and not _is_ident_char(s[self.i + 3 : self.i + 4] or " "):
            self.i += 3
            return sign * math.inf
        if s.startswith("NaN", self.i) and not _is_ident_char(s[self.i + 3 : self.i + 4] or " "):
            self.i += 3
            return math.nan
        for prefix, base, digits in (("0x", 16, "0123456789abcdefABCDEF_"), ("0o", 8, "01234567_"), ("0b", 2, "01_")):
            if s.startswith(prefix, self.i):
                self.i += 2
                j = self.i
                while j < self.n and s[j] in digits:
                    j += 1
                body = s[self.i : j].replace("_", "")
                if not body:
                    raise self.error("bad number", start)
                self.i = j
                self._skip_type_suffix()
                return sign * int(body, base)
        j = self.i
        while j < self.n and (s[j].isdigit() and s[j].isascii() or s[j] == "_"):
            j += 1
        is_float = False
        if j < self.n and s[j] == "." and not (j + 1 < self.n and s[j + 1] == "."):
            is_float = True
            j += 1
            while j < self.n and (s[j].isdigit() and s[j].isascii() or s[j] == "_"):
                j += 1
        if j < self.n and s[j] in "eE":
            k = j + 1
            if k < self.n and s[k] in "+-":
                k += 1
            if k < self.n and s[k].isdigit():
                is_float = True
                j = k
                while j < self.n and (s[j].isdigit() and s[j].isascii() or s[j] == "_"):
                    j += 1
        text = s[self.i : j].replace("_", "")
        if not text or text == ".":
            raise self.error("bad number", start)
        self.i = j
        self._skip_type_suffix()
        if self.i < self.n and _is_ident_char(s[self.i]):
            raise self.error("bad number", start)
        return sign * (float(text) if is_float else int(text))

    def _skip_type_suffix(self):
        for suffix in ("i128", "u128", "isize", "usize", "i64", "u64", "i32", "u32", "i16", "u16", "i8", "u8", "f64", "f32"):
            if self.s.startswith(suffix, self.i) and not _is_ident_char(self.s[self.i + len(suffix) : self.i + len(suffix) + 1] or " "):
                self.i += len(suffix)
                return


def loads(text: str, source_name: str = "<string>"):
    """Parse RON text and return Python values (see the module docstring)."""
    return _Parser(text, source_name).parse_document()


def load_file(path):
    with open(path, encoding="utf-8") as f:
        return loads(f.read(), str(path))


def _is_localised(value) -> bool:
    return (
        isinstance(value, dict)
        and not isinstance(value, RonStruct)
        and len(value) > 0
        and all(k in LANGS for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def localised_texts(value, path: str = ""):
    """Every localised text ({"zh": …, "en": …} map) in a parsed value, in document order.

    Returns a list of (path, dict) pairs, e.g. ("panels[0].heading", {"zh": "…", "en": "…"}).
    A map with only one of the two languages is still returned (so callers can report it).
    """
    out = []

    def walk(v, p):
        if _is_localised(v):
            out.append((p, dict(v)))
        elif isinstance(v, dict):
            for k, item in v.items():
                if isinstance(v, RonStruct):
                    walk(item, f"{p}.{k}" if p else str(k))
                else:
                    walk(item, f"{p}[{json.dumps(k, ensure_ascii=False)}]")
        elif isinstance(v, list):
            for idx, item in enumerate(v):
                walk(item, f"{p}[{idx}]")

    walk(value, path)
    return out


def file_localised_texts(path):
    """`localised_texts` of the RON file at `path`."""
    return localised_texts(load_file(path))


def all_strings(value):
    """Every string value (not identifiers) in a parsed value."""
    out = []

    def walk(v):
        if isinstance(v, str) and not isinstance(v, RonIdent):
            out.append(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                if isinstance(k, str) and not isinstance(v, RonStruct):
                    out.append(k)
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)

    walk(value)
    return out


def _to_json(value):
    if isinstance(value, RonStruct):
        d = {"$struct": value.name} if value.name else {}
        d.update({k: _to_json(v) for k, v in value.items()})
        return d
    if isinstance(value, RonTuple):
        return {"$tuple": value.name, "items": [_to_json(v) for v in value]}
    if isinstance(value, RonIdent):
        return {"$ident": str(value)}
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


# --------------------------------------------------------------------------- self test

_SAMPLE = r'''
#![enable(implicit_some)]
// exhibits/99-sample.ron
Exhibit(
    id: "sample",                      // trailing comment
    title: {"zh": "星火“燎原”", "en": "A \"spark\" \\ & <b> \u{661F}\u661F"},
    /* block /* nested */ comment */
    year: Some(1928),
    none: None,
    level: Junior,
    raw: r#"raw "quoted" \n"#,
    nums: [0, -3, 1_000, 0x1F, 2.5, -1e3, 7u8, +4,],
    flag: true,
    ch: 'x',
    pair: (1, "two"),
    unit: (),
    variant: Pos(3, 4),
    nested: Some(Narration(audio: {"zh": "audio/zh/a-1.ogg", "en": "audio/en/a-1.ogg"}, captions: None,),),
    panels: [
        Panel(heading: {"zh": "第一", "en": "First"}, body: {"zh": "正文，含逗号。", "en": "Body, with comma."},),
        Panel(heading: {"zh": "第二", "en": "Second"}, body: {
            "zh": "多行\
                   续行",
            "en": "Line\ncontinued",
        }),
    ],
    notes: Some({"zh": "备注", "en": "Notes"}),
)
'''


def self_test() -> int:
    failures = 0

    def check(cond, what):
        nonlocal failures
        if not cond:
            failures += 1
            print(f"FAIL: {what}", file=sys.stderr)

    v = loads(_SAMPLE, "sample")
    check(isinstance(v, RonStruct) and v.name == "Exhibit", "top-level struct name")
    check(v["id"] == "sample", "string field")
    check(v["title"]["zh"] == "星火“燎原”", "zh string")
    check(v["title"]["en"] == 'A "spark" \\ & <b> 星星', "escapes incl. \\u{..} and \\uXXXX")
    check(v["year"] == 1928, "Some(int)")
    check(v["none"] is None, "None")
    check(isinstance(v["level"], RonIdent) and v["level"] == "Junior", "bare enum ident")
    check(v["raw"] == 'raw "quoted" \\n', "raw string")
    check(v["nums"] == [0, -3, 1000, 31, 2.5, -1000.0, 7, 4], f"numbers {v['nums']}")
    check(v["flag"] is True and v["ch"] == "x", "bool and char")
    check(isinstance(v["pair"], RonTuple) and list(v["pair"]) == [1, "two"] and v["pair"].name is None, "tuple")
    check(isinstance(v["unit"], RonTuple) and len(v["unit"]) == 0, "unit ()")
    check(isinstance(v["variant"], RonTuple) and v["variant"].name == "Pos" and list(v["variant"]) == [3, 4], "tuple variant")
    check(v["nested"].name == "Narration" and v["nested"]["captions"] is None, "Some(struct) with trailing commas")
    check(v["panels"][1]["body"]["zh"] == "多行续行", "string line continuation")
    check(v["panels"][1]["body"]["en"] == "Line\ncontinued", "\\n escape")
    texts = localised_texts(v)
    paths = [p for p, _ in texts]
    check(
        paths
        == ["title", "nested.audio", "panels[0].heading", "panels[0].body", "panels[1].heading", "panels[1].body", "notes"],
        f"localised_texts paths {paths}",
    )
    check(texts[2][1] == {"zh": "第一", "en": "First"}, "localised_texts value")
    check("星火“燎原”" in all_strings(v), "all_strings")

    bad_inputs = {
        'Exhibit(id: "x"': (1, 8),  # unclosed paren, reported where it opened
        'Exhibit(id: "x)': (1, 13),  # unterminated string
        'Exhibit(id: "x" title: 1)': (1, 17),  # missing comma
        'Exhibit(id: "a", id: "b")': (1, 18),  # duplicate field
        '{"zh": "a", "zh": "b"}': (1, 13),  # duplicate key
        '[1, 2,, 3]': (1, 7),
        '"bad \\q escape"': (1, 6),
        'A(x: 1) trailing': (1, 9),
        '/* unterminated': (1, 1),
        "Exhibit(\n  id: \"x\",\n  year: Some(12 ),\n  bad: @,\n)": (4, 8),
    }
    for text, (line, col) in bad_inputs.items():
        try:
            loads(text)
        except RonError as e:
            check((e.line, e.col) == (line, col), f"error position for {text!r}: got {e.line}:{e.col}, want {line}:{col} ({e})")
        else:
            check(False, f"no error for {text!r}")

    if failures:
        print(f"ron_text self-test: {failures} failed", file=sys.stderr)
        return 1
    print("ron_text self-test: all checks passed")
    return 0


def main(argv) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Read Xinghuo RON files; print localised texts (or the whole tree) as JSON.")
    ap.add_argument("files", nargs="*", help="RON files")
    ap.add_argument("--self-test", action="store_true", help="run the built-in tests")
    ap.add_argument("--tree", action="store_true", help="print the whole parsed tree instead of the localised texts")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.files:
        ap.error("give RON files, or --self-test")
    status = 0
    result = {}
    for f in args.files:
        try:
            value = load_file(f)
        except (OSError, RonError) as e:
            print(f"error: {e}", file=sys.stderr)
            status = 1
            continue
        result[f] = _to_json(value) if args.tree else [{"path": p, **t} for p, t in localised_texts(value)]
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
