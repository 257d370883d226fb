#!/usr/bin/env python3
"""Narration audio (Ogg Vorbis) and WebVTT captions for every exhibit panel, with espeak-ng.

For every `exhibits/*.ron` file, every panel and both languages (zh, en) the narration text
is the panel heading followed by the body. It is split into caption cues (zh at 。！？； and,
for sentences longer than ~30 characters, at ，、：; en at sentence ends and, for sentences
longer than ~80 characters, at commas/semicolons). Each cue is synthesised separately, its
real duration measured with `soxi -D`, and the cues are joined with a short pause by `sox`,
so the WebVTT cue times come from measured audio and stay in sync.

Outputs (paths relative to media/, taken from the panel's `narration` field when present):
    media/audio/<lang>/<id>-<n>.ogg       mono 22,050 Hz Ogg Vorbis (oggenc -q 1)
    media/captions/<lang>/<id>-<n>.vtt    WebVTT
    media/audio/.narration-hashes.json    what was generated from which text, and the SHA-256 of
                                          every file written (for incremental runs)

A curator's file is never overwritten. Before writing an output, the script compares the file
on disk with the hash it recorded when it wrote it. A file whose content differs (a real
recording put in place of the synthesised one, hand-corrected captions), or that exists but was
never written by this script, is left alone, together with the rest of its panel's narration in
that language (the captions are timed to the audio, so the two are made together): a one-line
warning names the file and the `--force` command that would replace it. While the panel's text
is unchanged, such files are simply kept. Entries written before output hashes were recorded are
upgraded on the next run: when the text hash still matches, the files on disk are recorded as
the generated ones.

Usage:
    python3 scripts/narrate.py                    # all exhibits, only panels whose text changed
    python3 scripts/narrate.py xia-minghan        # only these exhibit ids
    python3 scripts/narrate.py --force            # regenerate everything, files edited by hand too
    python3 scripts/narrate.py --dry-run          # show the cues, synthesise nothing
    python3 scripts/narrate.py --check            # validate existing VTT/OGG files, change nothing
    python3 scripts/narrate.py --self-test        # tests of the cue splitting and WebVTT writing
    python3 scripts/narrate.py --root /tmp/sample # another tree with exhibits/ and media/

Tools: espeak-ng, sox/soxi, oggenc (apt-get install espeak-ng sox vorbis-tools).
Runs one espeak-ng/sox process at a time, at lowered CPU priority.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ron_text import RonError, RonStruct, load_file  # noqa: E402

# ----------------------------------------------------------------------------- settings
# espeak-ng 1.51 (Debian 12) has a bug in its plain `cmn` voice: the tone digits of its
# internal pinyin are read aloud as English numbers ("学" -> "xue two"). `cmn-latn-pinyin`
# uses the same Mandarin dictionary without that bug, so it is the voice used for zh.
VOICES = {
    # zh: measured ~170-195 hanzi a minute including pauses (a 100-character panel lasts ~30-34 s):
    # calm, unhurried narration for an exhibition hall with children; faster makes espeak hard to follow.
    "zh": {"voice": "cmn-latn-pinyin", "speed": 170},
    # en: measured ~125-155 words a minute including pauses: a calm audio-guide pace.
    "en": {"voice": "en-gb", "speed": 150},
}
LANGS = ("zh", "en")
PAUSE = 0.35  # seconds of silence between cues
LEAD = 0.15  # seconds of silence before the first cue
TAIL = 0.06  # seconds kept after each cue's trimmed speech (natural decay)
RATE = 22050
OGG_QUALITY = 1
ZH_CUE_LIMIT = 30  # display width (CJK = 1, ASCII = 0.5) above which a zh sentence is split further
EN_CUE_LIMIT = 80  # characters above which an en sentence is split further
GENERATOR = "narrate.py/2"  # bump to regenerate everything after a change in how audio is made

ROOT = Path(__file__).resolve().parent.parent

INSTALL_HINT = {
    "espeak-ng": "apt-get install -y espeak-ng",
    "sox": "apt-get install -y sox",
    "soxi": "apt-get install -y sox",
    "oggenc": "apt-get install -y vorbis-tools",
}

# ----------------------------------------------------------------------------- cue splitting
ZH_TERMINALS = set("。！？；!?;")
ZH_CLAUSE = set("，、：,:")
OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "〈": "〉", "‘": "’"}
CLOSERS = set(OPENERS.values())
EN_OPENERS = {"“": "”", "(": ")", "[": "]"}
EN_CLOSERS = set(EN_OPENERS.values())


def display_width(text: str) -> float:
    """Width in Chinese characters: CJK and full-width chars count 1, others 0.5."""
    w = 0.0
    for ch in text:
        if ch.isspace():
            w += 0.5
        elif ord(ch) >= 0x2E80 or ch in "“”‘’—…·":
            w += 1
        else:
            w += 0.5
    return w


def _split_depth_aware(text: str, is_break, openers, closers, ignore_depth=False, quote_ends_sentence=None, trailing=""):
    """Split `text` after every break point (as decided by is_break(text, i)) at bracket depth 0.

    A break char inside quotes/brackets (`“…。”`) is deferred to the closing bracket that brings
    the depth back to 0; the split happens there only if quote_ends_sentence(text, opener_index,
    index_after_closers) says so (`他说：“走吧。”大家…` splits, `写下了“…！”的诗句` does not).
    """
    pieces, buf = [], []
    depth = 0
    opener_at = -1
    pending = False  # a break char seen inside brackets, right before their closing
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        buf.append(ch)
        if not ignore_depth and ch in openers:
            if depth == 0:
                opener_at = i
            depth += 1
            pending = False
        elif not ignore_depth and ch in closers and depth > 0:
            depth -= 1
            if depth == 0 and pending:
                j = i + 1
                while j < n and text[j] in closers:
                    j += 1
                if quote_ends_sentence is not None and quote_ends_sentence(text, opener_at, j):
                    buf.extend(text[i + 1 : j])
                    i = j - 1
                    pieces.append("".join(buf))
                    buf = []
            pending = False
        elif is_break(text, i):
            if depth == 0 or ignore_depth:
                # keep closers and repeated marks (？！ …) with this piece
                while i + 1 < n and (text[i + 1] in closers or text[i + 1] in trailing or text[i + 1] == ch):
                    i += 1
                    buf.append(text[i])
                pieces.append("".join(buf))
                buf = []
            else:
                pending = True
        elif not ch.isspace():
            pending = False
        i += 1
    if buf:
        pieces.append("".join(buf))
    return [p.strip() for p in pieces if p.strip()]


def _zh_quote_ends_sentence(text, opener_at, after):
    """`…说：“走吧。”` or a quote that opens the sentence, or a quote followed by the end/a new quote."""
    before = text[:opener_at].rstrip()
    if not before or before[-1] in "：:。！？；":
        return True
    return after >= len(text) or text[after] in OPENERS


def _en_quote_ends_sentence(text, opener_at, after):
    k = after
    while k < len(text) and text[k].isspace():
        k += 1
    return k >= len(text) or (k > after and not text[k].islower())


def _pack(clauses, limit, width, joiner, split_penalty=lambda clause: 0.0):
    """Join consecutive clauses into cues: as few cues over `limit` as possible, then balanced.

    Dynamic programming over the split points; a cue's cost is its squared slack below the
    limit (so cues come out even rather than one long and one tiny), a cue over the limit
    costs a lot, and split_penalty(clause) discourages a split after a weak mark (、 in a list).
    """
    n = len(clauses)
    if n <= 1:
        return list(clauses)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            piece = joiner.join(clauses[i:j])
            w = width(piece)
            if w > 3 * limit and j - i > 1:
                break
            over = w - limit
            cost = (5000 + 100 * over * over) if over > 0 else (limit - w) ** 2
            if j < n:
                cost += split_penalty(clauses[j - 1])
            if best[i] + cost < best[j]:
                best[j] = best[i] + cost
                back[j] = i
    out = []
    j = n
    while j > 0:
        i = back[j]
        out.append(joiner.join(clauses[i:j]))
        j = i
    return out[::-1]


def _zh_split_penalty(clause):
    return 150.0 if clause.endswith(("、",)) else 0.0


def _en_split_penalty(clause):
    return 0.0 if clause.endswith((";", ":", " —")) else 60.0


EN_CONJUNCTIONS = (" and ", " but ", " which ", " where ", " who ", " while ", " because ", " so that ", " when ", " after ", " before ")
EN_PREPOSITIONS = (" such as ", " on ", " in ", " for ", " with ", " to ", " at ", " from ", " by ", " of ", " as ")


def _best_split(clause, words, min_len=20):
    best = None
    for word in words:
        start = 0
        while (k := clause.find(word, start)) >= 0:
            left, right = clause[:k], clause[k + 1 :]
            if len(left) >= min_len and len(right) >= min_len:
                score = max(len(left), len(right))
                if best is None or score < best[0]:
                    best = (score, left, right)
            start = k + 1
    return best


def _split_long_en_clause(clause, limit):
    """A clause over the limit with no comma: split before the conjunction nearest its middle;
    if it is still much too long, before a preposition, and as a last resort at a space."""
    if len(clause) <= limit:
        return [clause]
    best = _best_split(clause, EN_CONJUNCTIONS)
    if best is None and len(clause) > 1.25 * limit:
        best = _best_split(clause, EN_PREPOSITIONS) or _best_split(clause, (" ",))
    if best is None:
        return [clause]
    return _split_long_en_clause(best[1], limit) + _split_long_en_clause(best[2], limit)


def normalise_space(text: str, lang: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if lang == "zh":
        # no spaces between CJK characters (line wraps in the source)
        text = re.sub(r"(?<=[\u2E80-\uFFFF]) (?=[\u2E80-\uFFFF])", "", text)
    return text


def split_zh(text: str, limit: float = ZH_CUE_LIMIT):
    text = normalise_space(text, "zh")

    def is_terminal(t, i):
        return t[i] in ZH_TERMINALS

    def is_clause(t, i):
        ch = t[i]
        if ch in "，、：":
            return True
        if ch in ",:":  # ASCII only when not inside a number like 3,000 or 10:30
            return not (i > 0 and t[i - 1].isdigit() and i + 1 < len(t) and t[i + 1].isdigit())
        return False

    cues = []
    for sentence in _split_depth_aware(text, is_terminal, OPENERS, CLOSERS, quote_ends_sentence=_zh_quote_ends_sentence):
        if display_width(sentence) <= limit:
            cues.append(sentence)
            continue
        clauses = []
        for c in _split_depth_aware(sentence, is_clause, OPENERS, CLOSERS):
            if display_width(c) > 1.1 * limit:  # a long quotation (or unbalanced quotes): split inside it too
                clauses.extend(_split_depth_aware(c, lambda t, i: is_terminal(t, i) or is_clause(t, i), OPENERS, CLOSERS, ignore_depth=True))
            else:
                clauses.append(c)
        cues.extend(_pack(clauses, limit, display_width, "", _zh_split_penalty))
    return cues


EN_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "mt", "no", "nos", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "capt", "prof", "rev", "approx", "ca",
}


def split_en(text: str, limit: int = EN_CUE_LIMIT):
    text = normalise_space(text, "en")

    def is_sentence_end(t, i):
        if t[i] not in ".!?":
            return False
        j = i + 1
        while j < len(t) and (t[j] in EN_CLOSERS or t[j] in "’'\"" or t[j] in ".!?"):
            j += 1
        if j < len(t) and not t[j].isspace():
            return False  # 1.5, e.g., U.S.
        k = j
        while k < len(t) and t[k].isspace():
            k += 1
        if k < len(t) and t[k].islower():
            return False  # "e.g. the …": not a sentence end
        if t[i] == ".":
            m = re.search(r"([A-Za-z.]+)$", t[: i])
            word = m.group(1).lower().rstrip(".") if m else ""
            if word in EN_ABBREVIATIONS or (len(word) == 1 and word.isalpha() and t[i - 1].isupper()):
                return False
        return True

    def is_clause(t, i):
        return t[i] in ",;:" and i + 1 < len(t) and t[i + 1].isspace()

    def width(s):
        return len(s)

    cues = []
    for sentence in _split_sentences_en(text, is_sentence_end):
        if len(sentence) <= limit:
            cues.append(sentence)
            continue
        clauses = []
        for c in _split_depth_aware(sentence, is_clause, EN_OPENERS, EN_CLOSERS, trailing="’'\""):
            if len(c) > 1.1 * limit:  # a long quotation (or unbalanced quotes): split inside it too
                clauses.extend(_split_depth_aware(c, lambda t, i: is_sentence_end(t, i) or is_clause(t, i), EN_OPENERS, EN_CLOSERS, ignore_depth=True, trailing="’'\""))
            else:
                clauses.append(c)
        # a dash " — " or, failing that, a conjunction is a fair place to break a very long clause
        expanded = []
        for c in clauses:
            if len(c) > limit and " — " in c:
                parts = c.split(" — ")
                dashed = [p + " —" for p in parts[:-1]] + [parts[-1]]
            else:
                dashed = [c]
            for d in dashed:
                expanded.extend(_split_long_en_clause(d, limit))
        cues.extend(_pack(expanded, limit, width, " ", _en_split_penalty))
    return cues


def _split_sentences_en(text, is_end):
    # The English apostrophe ’ is also a closing single quote, so only “”, () and [] nest.
    return _split_depth_aware(text, is_end, EN_OPENERS, EN_CLOSERS, quote_ends_sentence=_en_quote_ends_sentence, trailing="’'\"")


def ensure_final_punct(text: str, lang: str) -> str:
    """Headings get a full stop for the synthesiser so their intonation falls (not in captions)."""
    t = text.rstrip()
    if not t:
        return t
    if lang == "zh":
        return t if t[-1] in "。！？；…" or (t[-1] in CLOSERS and len(t) > 1 and t[-2] in "。！？") else t + "。"
    return t if re.search(r"[.!?…][”’\"')\]]*$", t) else t + "."


def make_cues(heading: str, body: str, lang: str):
    """The caption cues of one panel in one language: list of (caption_text, spoken_text)."""
    split = split_zh if lang == "zh" else split_en
    cues = []
    head_cues = split(heading)
    for k, c in enumerate(head_cues):
        spoken = ensure_final_punct(c, lang) if k == len(head_cues) - 1 else c
        cues.append((c, spoken))
    for c in split(body):
        cues.append((c, c))
    return [(cap, speech_text(spoken, lang)) for cap, spoken in cues if cap.strip()]


# ----------------------------------------------------------------------------- text for the synthesiser
ZH_DIGITS = "零一二三四五六七八九"
ZH_MEASURE = "个名位人处家座所间次批场届支部套台辆件本条项多余万亿千百米元岁天户份组团首篇幅张"


def _zh_year(y: str) -> str:
    return "".join(ZH_DIGITS[int(d)] for d in y)


def speech_text(text: str, lang: str) -> str:
    """Adjust a cue's text so espeak-ng reads it naturally. Captions keep the original text."""
    if lang == "zh":
        # year ranges 1900—1928 -> 一九零零年至一九二八年; years 1928年 -> 一九二八年 (read digit by digit)
        text = re.sub(
            r"(?<!\d)(1\d{3}|20\d{2})\s*年?\s*[—–\-~～至到]+\s*(1\d{3}|20\d{2})(?!\d)(\s*年)?",
            lambda m: _zh_year(m.group(1)) + "年至" + _zh_year(m.group(2)) + "年",
            text,
        )
        text = re.sub(r"(?<!\d)(\d{4})(?=\s*年)", lambda m: _zh_year(m.group(1)), text)
        # a year used as a modifier ("2022湖南红色旅游文化节"): digit by digit too, unless a measure word follows
        text = re.sub(rf"(?<![\d.,])(19\d\d|20\d\d)(?=[\u4e00-\u9fff])(?![{ZH_MEASURE}])", lambda m: _zh_year(m.group(1)), text)
        text = re.sub(r"(\d),(?=\d{3}(?!\d))", r"\1", text)  # 3,000 -> 3000
        text = re.sub(r"(\d[\d.]*)\s*[%％]", r"百分之\1", text)
        text = re.sub(r"(\d+)\+", r"\1多", text)
        text = text.replace("——", "，").replace("—", "，").replace("……", "。").replace("…", "。")
        text = text.replace("&", "和").replace("＆", "和")
        return text
    # en
    text = re.sub(r"[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F《》“”「」]+", " ", text.replace("“", "\x01").replace("”", "\x02"))
    text = text.replace("\x01", "“").replace("\x02", "”")
    text = re.sub(r"\(\s*[,;:]?\s*\)", " ", text)  # "(康家戏台)" -> "()" -> gone
    text = re.sub(r"\b(1\d{3}|20\d{2})\s*[–—-]\s*(1\d{3}|20\d{2})\b", r"\1 to \2", text)
    text = re.sub(r"(\d[\d,.]*(?:\s+(?:hundred|thousand|million|billion))?)\s*\+", r"more than \1", text)
    text = text.replace("&", " and ").replace("—", ", ").replace("–", " to ")
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


# ----------------------------------------------------------------------------- WebVTT
def vtt_time(t: float) -> str:
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_vtt(cues) -> str:
    """cues: list of (start, end, text)."""
    lines = ["WEBVTT", ""]
    for start, end, text in cues:
        lines.append(f"{vtt_time(start)} --> {vtt_time(end)}")
        lines.append(vtt_escape(re.sub(r"\s*\n\s*", " ", text).strip()))
        lines.append("")
    return "\n".join(lines)


_TS = r"(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TS} --> {_TS}(?:[ \t]+\S.*)?$")


def _ts_seconds(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def validate_vtt(text: str, audio_duration: float | None = None):
    """Return (problems, cues). A small checker for the WebVTT we write (and common mistakes)."""
    problems, cues = [], []
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT([ \t].*)?$", lines[0]):
        return ["first line is not 'WEBVTT'"], cues
    i = 1
    while i < len(lines) and lines[i].strip():  # header lines
        i += 1
    if i == 1 and len(lines) > 1 and lines[1] != "":
        problems.append("no blank line after the WEBVTT header")
    prev_start = -1.0
    prev_end = 0.0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        lineno = i - len(block) + 1
        if block[0].startswith("NOTE") or block[0].startswith("STYLE") or block[0].startswith("REGION"):
            continue
        timing_idx = 0 if "-->" in block[0] else 1
        if timing_idx >= len(block) or not _TIMING.match(block[timing_idx]):
            problems.append(f"line {lineno}: bad cue timing line {block[min(timing_idx, len(block) - 1)]!r}")
            continue
        m = _TIMING.match(block[timing_idx])
        start = _ts_seconds(*m.groups()[0:4])
        end = _ts_seconds(*m.groups()[4:8])
        body = block[timing_idx + 1 :]
        if end <= start:
            problems.append(f"line {lineno}: cue ends at or before its start")
        if start < prev_start:
            problems.append(f"line {lineno}: cues out of order")
        if start < prev_end - 1e-9:
            problems.append(f"line {lineno}: cue overlaps the previous one")
        if not body:
            problems.append(f"line {lineno}: cue has no text")
        for b in body:
            if "-->" in b:
                problems.append(f"line {lineno}: '-->' in cue text")
            if re.search(r"&(?!(amp|lt|gt|nbsp|lrm|rlm|#\d+|#x[0-9a-fA-F]+);)", b):
                problems.append(f"line {lineno}: unescaped '&' in cue text")
            if re.search(r"<(?!/?(c|i|b|u|v|ruby|rt|lang)\b[^>]*>|\d{2}:)", b):
                problems.append(f"line {lineno}: unescaped '<' in cue text")
        prev_start, prev_end = start, end
        cues.append((start, end, "\n".join(body)))
    if not cues:
        problems.append("no cues")
    if audio_duration is not None and cues and cues[-1][1] > audio_duration + 1e-9:
        problems.append(f"last cue ends at {cues[-1][1]:.3f}s, after the audio's end at {audio_duration:.3f}s")
    return problems, cues


# ----------------------------------------------------------------------------- tools
class ToolError(RuntimeError):
    pass


def run(cmd, **kw):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    except FileNotFoundError:
        raise ToolError(f"{cmd[0]} not found; install it: {INSTALL_HINT.get(cmd[0], cmd[0])}") from None
    if p.returncode != 0:
        raise ToolError(f"{' '.join(cmd[:3])} … failed ({p.returncode}): {p.stderr.strip()[:500]}")
    return p.stdout


def soxi_duration(path) -> float:
    return float(run(["soxi", "-D", str(path)]).strip())


def check_tools():
    missing = sorted({INSTALL_HINT[t] for t in ("espeak-ng", "sox", "soxi", "oggenc") if not shutil.which(t)})
    if missing:
        pkgs = " ".join(sorted({m.split()[-1] for m in missing}))
        raise ToolError(f"missing tools; install them with: apt-get install -y {pkgs}")
    voices = run(["espeak-ng", "--voices"])
    for lang, cfg in VOICES.items():
        if not re.search(rf"\s{re.escape(cfg['voice'])}\s", voices):
            raise ToolError(f"espeak-ng has no voice {cfg['voice']!r} for {lang} (apt-get install -y espeak-ng-data)")


def synthesise(cues, lang, workdir: Path, out_ogg: Path, title: str):
    """Synthesise cues one by one, join them, encode. Returns (vtt_cues, ogg_duration)."""
    cfg = VOICES[lang]
    parts, timed = [], []
    silence = workdir / "pause.wav"
    lead = workdir / "lead.wav"
    run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(silence), "trim", "0", f"{PAUSE}"])
    run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(lead), "trim", "0", f"{LEAD}"])
    t = LEAD
    parts.append(lead)
    for k, (caption, spoken) in enumerate(cues):
        txt = workdir / f"cue{k}.txt"
        raw = workdir / f"cue{k}.raw.wav"
        wav = workdir / f"cue{k}.wav"
        txt.write_text(spoken + "\n", encoding="utf-8")
        run(["espeak-ng", "-v", cfg["voice"], "-s", str(cfg["speed"]), "-w", str(raw), "-f", str(txt)])
        # trim espeak's leading/trailing silence (it adds ~0.3 s at the end), keep a short natural tail,
        # and make sure of the format: 22,050 Hz mono 16-bit
        run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(wav),
             "silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%", "reverse", "pad", "0", f"{TAIL}"])
        d = soxi_duration(wav)
        if d <= TAIL + 0.01:
            raise ToolError(f"espeak-ng produced no speech for cue {k + 1}: {spoken!r}")
        if k:
            parts.append(silence)
            t += PAUSE
        timed.append([t, t + d, caption])
        parts.append(wav)
        t += d
    joined = workdir / "joined.wav"
    run(["sox", *map(str, parts), str(joined), "gain", "-n", "-1"])
    tmp_ogg = out_ogg.with_name(out_ogg.name + ".tmp")
    run(["oggenc", "-Q", "-q", str(OGG_QUALITY), "-t", title, "-a", f"Xinghuo narration (espeak-ng {cfg['voice']})",
         "-c", f"LANGUAGE={lang}", "-o", str(tmp_ogg), str(joined)])
    ogg_duration = soxi_duration(tmp_ogg)
    info = run(["soxi", str(tmp_ogg)])
    if f": {RATE}" not in info or "Channels       : 1" not in info:
        raise ToolError(f"unexpected Ogg format:\n{info}")
    # cues abut: a cue stays on screen through the pause after it, until the next one starts
    for k in range(len(timed) - 1):
        timed[k][1] = timed[k + 1][0]
    # the last cue must end at or before the audio's real end (millisecond precision, rounded down)
    limit = math.floor(ogg_duration * 1000) / 1000
    last = timed[-1]
    last[1] = min(last[1], limit)
    if last[1] <= last[0]:
        raise ToolError("audio shorter than its cues; something went wrong")
    return [tuple(c) for c in timed], ogg_duration, tmp_ogg


# ----------------------------------------------------------------------------- exhibits
def safe_media_path(media: Path, rel: str, what: str) -> Path:
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or ".." in Path(rel).parts:
        raise ValueError(f"bad {what} path {rel!r} (must be relative to media/)")
    return media / rel


def panel_jobs(exhibit, media: Path):
    """Yield (n, lang, heading, body, ogg_rel, vtt_rel) for each panel/language."""
    ex_id = exhibit["id"]
    for n, panel in enumerate(exhibit.get("panels") or [], start=1):
        narration = panel.get("narration") if isinstance(panel, dict) else None
        for lang in LANGS:
            ogg_rel = f"audio/{lang}/{ex_id}-{n}.ogg"
            vtt_rel = f"captions/{lang}/{ex_id}-{n}.vtt"
            if isinstance(narration, dict):
                audio = narration.get("audio")
                if isinstance(audio, dict) and isinstance(audio.get(lang), str):
                    ogg_rel = audio[lang]
                caps = narration.get("captions")
                if isinstance(caps, dict) and isinstance(caps.get(lang), str):
                    vtt_rel = caps[lang]
            heading = (panel.get("heading") or {}).get(lang)
            body = (panel.get("body") or {}).get(lang)
            yield n, lang, heading, body, ogg_rel, vtt_rel


def text_hash(lang, heading, body, ogg_rel, vtt_rel):
    """Hash of everything the outputs are made from: the text, the cues cut from it (so a change
    in the splitting rules regenerates the panels it affects), the voice and the audio settings."""
    payload = json.dumps(
        {"gen": GENERATOR, "lang": lang, "voice": VOICES[lang], "pause": PAUSE, "lead": LEAD, "tail": TAIL,
         "rate": RATE, "q": OGG_QUALITY, "heading": heading, "body": body, "ogg": ogg_rel, "vtt": vtt_rel,
         "cues": make_cues(heading, body, lang)},
        ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_sha(path: Path):
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_hashes(path: Path):
    """The hash file, or an empty one. Without it no existing output counts as generated, so
    nothing already on disk is overwritten (short of --force)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("entries"), dict):
            data["entries"] = {k: v for k, v in data["entries"].items() if isinstance(v, dict)}
            return data
        print(f"narrate: warning: {path} is not a narration hash file; existing outputs count as edited by hand", file=sys.stderr)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as e:
        print(f"narrate: warning: cannot read {path} ({e}); existing outputs count as edited by hand", file=sys.stderr)
    return {"version": 1, "generator": GENERATOR, "entries": {}}


def save_hashes(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- never overwrite a curator's file
ABSENT = "absent"  # no file: free to write
GENERATED = "generated"  # the content is what this script wrote (hash recorded): free to overwrite
CHANGED = "changed"  # the content differs from what this script wrote: the curator's
UNRECORDED = "unrecorded"  # exists, but this script has no record of writing it: the curator's
BY_HAND = (CHANGED, UNRECORDED)


def recorded_sha(entries, rel):
    """The SHA-256 recorded when this script last wrote the output `rel` (media-relative), or None."""
    entry = entries.get(rel)
    if isinstance(entry, dict) and isinstance(entry.get("audio_sha256"), str):
        return entry["audio_sha256"]
    for entry in entries.values():
        if entry.get("captions") == rel and isinstance(entry.get("captions_sha256"), str):
            return entry["captions_sha256"]
    return None


def output_state(path: Path, recorded):
    """ABSENT, GENERATED, CHANGED or UNRECORDED (see above)."""
    if not path.exists() and not path.is_symlink():
        return ABSENT
    if recorded is None:
        return UNRECORDED
    return GENERATED if file_sha(path) == recorded else CHANGED


def upgrade_entry(entry, text_hash_now, ogg: Path, vtt: Path, vtt_rel, plausible=lambda entry, path, kind: True) -> bool:
    """An entry written before output hashes were recorded: if its text hash still matches, the
    files on disk are taken to be the ones generated from that text, and their hashes recorded
    (unless `plausible` says a file cannot be the generated one). True if the entry changed."""
    if not entry or entry.get("text_hash") != text_hash_now:
        return False
    changed = False
    if not isinstance(entry.get("audio_sha256"), str) and ogg.is_file() and plausible(entry, ogg, "audio"):
        entry["audio_sha256"] = file_sha(ogg)
        changed = True
    if (entry.get("captions") in (None, vtt_rel) and not isinstance(entry.get("captions_sha256"), str)
            and vtt.is_file() and plausible(entry, vtt, "captions")):
        entry["captions"] = vtt_rel
        entry["captions_sha256"] = file_sha(vtt)
        changed = True
    return changed


def matches_entry(entry, path: Path, kind: str) -> bool:
    """Whether a file agrees with what an old entry says was generated: the audio's duration, the
    captions' number of cues. A real recording put in place of the synthesised one is not adopted."""
    try:
        if kind == "audio":
            return "duration" not in entry or abs(soxi_duration(path) - float(entry["duration"])) <= 0.05
        return "cues" not in entry or len(validate_vtt(path.read_text(encoding="utf-8"))[1]) == int(entry["cues"])
    except (ToolError, OSError, ValueError, TypeError):
        return False


def decide(same_text: bool, states: dict, force: bool) -> str:
    """What to do with one panel-language, given whether its text is unchanged and the state of
    each of its outputs: "unchanged" (nothing to do), "kept" (nothing to do; an output was edited
    by hand and is kept), "generate", or "refuse" (it needs regenerating, but an output was edited
    by hand: leave both alone)."""
    if force:
        return "generate"
    by_hand = any(s in BY_HAND for s in states.values())
    if same_text and all(s == GENERATED for s in states.values()):
        return "unchanged"
    if same_text and ABSENT not in states.values():
        return "kept"
    return "refuse" if by_hand else "generate"


def find_exhibits(exhibits_dir: Path):
    # As the kiosk's loader: every *.ron file in exhibits/ but map.ron (the red-sites map) is an exhibit.
    return sorted(p for p in exhibits_dir.glob("*.ron") if p.is_file() and p.name != "map.ron")


def rate_note(lang, cues, duration):
    speech = "".join(c for c, _ in cues)
    if lang == "zh":
        n = len(re.findall(r"[\u3400-\u9FFF]", speech))
        return f"{n} hanzi, {n / duration * 60:.0f}/min"
    n = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", speech))
    return f"{n} words, {n / duration * 60:.0f} wpm"


def self_test() -> int:
    """Checks of the cue splitting, text preparation and WebVTT writing (no audio tools needed)."""
    fails = []

    def eq(got, want, what):
        if got != want:
            fails.append(f"{what}:\n   got  {got!r}\n   want {want!r}")

    eq(split_zh("第一句。第二句！第三句？第四句；"), ["第一句。", "第二句！", "第三句？", "第四句；"], "zh sentence ends")
    eq(split_zh("他说：“我们走吧。”大家都站了起来。"), ["他说：“我们走吧。”", "大家都站了起来。"], "zh quote ending a sentence")
    eq(split_zh("他写下“砍头不要紧。”的诗句。"), ["他写下“砍头不要紧。”的诗句。"], "zh quote inside a sentence")
    long_zh = "一九一九年，湘南学生联合会在衡阳浮桥公所成立，来自湘南二十四个县的三千多名学生团结起来。"
    cues = split_zh(long_zh)
    eq("".join(cues), long_zh, "zh long sentence keeps all text")
    if not all(display_width(c) <= ZH_CUE_LIMIT for c in cues) or len(cues) < 2:
        fails.append(f"zh long sentence not split within the limit: {cues}")
    eq(split_zh("来自3,000多名学生"), ["来自3,000多名学生"], "zh: no split inside 3,000")
    eq(split_en("Mr. Xia met Dr. Wang, e.g. the old town. It was 1928."), ["Mr. Xia met Dr. Wang, e.g. the old town.", "It was 1928."], "en sentences")
    long_en = ("Hengyang has 318 revolutionary relics and historic sites, 13 A-level red scenic spots, "
               "and 15 party-history education demonstration sites across the whole city.")
    cues = split_en(long_en)
    eq(" ".join(cues), long_en, "en long sentence keeps all text")
    if not all(len(c) <= EN_CUE_LIMIT for c in cues) or len(cues) < 2:
        fails.append(f"en long sentence not split within the limit: {cues}")
    eq(speech_text("夏明翰（1900—1928），1928年", "zh"), "夏明翰（一九零零年至一九二八年），一九二八年", "zh years")
    eq(speech_text("Kangjia stage (康家戏台), 2,800+ groups, 1900–1928 & more", "en"),
       "Kangjia stage, more than 2,800 groups, 1900 to 1928 and more", "en speech text")
    eq(make_cues("标题", "正文。", "zh"), [("标题", "标题。"), ("正文。", "正文。")], "heading cue")
    vtt = build_vtt([(0.15, 1.5, "A & B < C"), (1.5, 3.25, "第二")])
    eq(vtt, "WEBVTT\n\n00:00:00.150 --> 00:00:01.500\nA &amp; B &lt; C\n\n00:00:01.500 --> 00:00:03.250\n第二\n", "vtt text")
    eq(validate_vtt(vtt, 3.3)[0], [], "valid vtt")
    if not validate_vtt(vtt, 3.0)[0]:
        fails.append("validate_vtt missed a cue ending after the audio")
    if not validate_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nx & y\n")[0]:
        fails.append("validate_vtt missed a bad cue")
    # never overwrite a curator's file
    G, A, C, U = GENERATED, ABSENT, CHANGED, UNRECORDED
    eq(decide(True, {"a": G, "c": G}, False), "unchanged", "same text, generated outputs")
    eq(decide(False, {"a": G, "c": G}, False), "generate", "changed text, generated outputs")
    eq(decide(True, {"a": G, "c": A}, False), "generate", "same text, captions deleted")
    eq(decide(False, {"a": A, "c": A}, False), "generate", "new panel")
    eq(decide(True, {"a": C, "c": G}, False), "kept", "same text, recording replaced by hand")
    eq(decide(False, {"a": C, "c": G}, False), "refuse", "changed text, recording replaced by hand")
    eq(decide(False, {"a": G, "c": U}, False), "refuse", "changed text, captions never generated")
    eq(decide(True, {"a": C, "c": A}, False), "refuse", "same text, captions deleted, recording replaced")
    eq(decide(False, {"a": C, "c": U}, True), "generate", "--force")
    with tempfile.TemporaryDirectory(prefix="narrate-test-") as tmp:
        d = Path(tmp)
        ogg, vtt = d / "a.ogg", d / "a.vtt"
        ogg.write_bytes(b"generated audio")
        vtt.write_text(build_vtt([(0.0, 1.0, "x")]), encoding="utf-8")
        entries = {"audio/zh/a.ogg": {"text_hash": "t", "captions": "captions/zh/a.vtt", "cues": 1}}
        eq(output_state(d / "none.ogg", None), A, "absent output")
        eq(output_state(ogg, recorded_sha(entries, "audio/zh/a.ogg")), U, "output never recorded")
        eq(upgrade_entry(entries["audio/zh/a.ogg"], "other", ogg, vtt, "captions/zh/a.vtt"), False, "no upgrade when the text changed")
        eq(upgrade_entry(entries["audio/zh/a.ogg"], "t", ogg, vtt, "captions/zh/a.vtt",
                         plausible=lambda e, p, k: k == "captions" and matches_entry(e, p, k)), True, "upgrade of an old entry")
        eq(recorded_sha(entries, "captions/zh/a.vtt"), file_sha(vtt), "captions hash recorded on upgrade")
        eq(recorded_sha(entries, "audio/zh/a.ogg"), None, "implausible audio not adopted")
        entries["audio/zh/a.ogg"]["audio_sha256"] = file_sha(ogg)
        eq(output_state(ogg, recorded_sha(entries, "audio/zh/a.ogg")), G, "generated output")
        ogg.write_bytes(b"a real recording")
        eq(output_state(ogg, recorded_sha(entries, "audio/zh/a.ogg")), C, "output replaced by hand")
    for f in fails:
        print("FAIL:", f, file=sys.stderr)
    print(f"narrate self-test: {'all checks passed' if not fails else f'{len(fails)} failed'}")
    return 1 if fails else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ids", nargs="*", help="only these exhibit ids (default: all)")
    ap.add_argument("--force", action="store_true",
                    help="regenerate even if the text is unchanged, and overwrite outputs edited by hand")
    ap.add_argument("--root", type=Path, default=ROOT, help="project root holding exhibits/ and media/ (default: the repo)")
    ap.add_argument("--exhibits-dir", type=Path, help="default: ROOT/exhibits")
    ap.add_argument("--media-dir", type=Path, help="default: ROOT/media")
    ap.add_argument("--lang", choices=LANGS, action="append", help="only this language (repeatable)")
    ap.add_argument("--dry-run", action="store_true", help="print the cues, synthesise nothing")
    ap.add_argument("--check", action="store_true", help="validate existing captions/audio, change nothing")
    ap.add_argument("--self-test", action="store_true", help="run the built-in tests of splitting and WebVTT writing")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()

    sys.stdout.reconfigure(line_buffering=True)  # keep stdout and stderr lines in order in logs
    try:
        os.nice(10)  # be gentle: others compile on this machine
    except OSError:
        pass

    exhibits_dir = args.exhibits_dir or args.root / "exhibits"
    media = args.media_dir or args.root / "media"
    langs = args.lang or list(LANGS)
    hashes_path = media / "audio" / ".narration-hashes.json"
    hashes = load_hashes(hashes_path)
    entries = hashes["entries"]

    files = find_exhibits(exhibits_dir)
    if not files:
        print(f"narrate: no exhibit files in {exhibits_dir}; nothing to do")
        return 0
    if not (args.dry_run or args.check):
        try:
            check_tools()
        except ToolError as e:
            print(f"narrate: {e}", file=sys.stderr)
            return 2

    def shown(rel):
        """An output's path as the curator finds it."""
        return str(args.media_dir / rel) if args.media_dir else f"media/{rel}"

    def force_command(lang, ex_id):
        extra = "".join(f" {flag} {value}" for flag, value, default in (
            ("--root", args.root, ROOT), ("--exhibits-dir", args.exhibits_dir, None), ("--media-dir", args.media_dir, None))
            if value != default)
        return f"python3 scripts/narrate.py --force --lang {lang}{extra} {ex_id}"

    errors = 0
    unreadable = 0  # exhibit files that could not be read: their outputs are not known this run
    made = skipped = checked = 0
    kept = 0  # unchanged panels with an output edited by hand (kept as it is)
    refused = 0  # panels that needed regenerating but have an output edited by hand (left alone, warned)
    upgraded = 0  # old entries whose output hashes were recorded this run
    seen_ids, wanted = set(), set(args.ids)
    produced = set()
    owners = {}  # output path -> the panel that writes it
    total_bytes = 0
    for f in files:
        try:
            exhibit = load_file(f)
        except (RonError, OSError, UnicodeDecodeError) as e:
            print(f"narrate: SKIPPED {f.name}: {e}", file=sys.stderr)
            errors += 1
            unreadable += 1
            continue
        if not isinstance(exhibit, RonStruct) or exhibit.name != "Exhibit" or not isinstance(exhibit.get("id"), str):
            print(f"narrate: skipped {f.name}: not an Exhibit(...) with an id", file=sys.stderr)
            errors += 1
            unreadable += 1
            continue
        ex_id = exhibit["id"]
        if not re.fullmatch(r"[a-z0-9-]+", ex_id):
            print(f"narrate: {f.name}: id {ex_id!r} must use only a-z, 0-9 and '-'; skipped", file=sys.stderr)
            errors += 1
            unreadable += 1
            continue
        if ex_id in seen_ids:
            print(f"narrate: {f.name}: id {ex_id!r} is used by another exhibit file too", file=sys.stderr)
            errors += 1
        seen_ids.add(ex_id)
        if wanted and ex_id not in wanted:
            for n, lang, *_rest, ogg_rel, vtt_rel in panel_jobs(exhibit, media):
                produced.update({ogg_rel, vtt_rel})
            continue
        for n, lang, heading, body, ogg_rel, vtt_rel in panel_jobs(exhibit, media):
            produced.update({ogg_rel, vtt_rel})
            if lang not in langs:
                continue
            label = f"{ex_id} panel {n} [{lang}]"
            clash = [r for r in (ogg_rel, vtt_rel) if owners.setdefault(r, label) != label]
            if clash:
                print(f"narrate: {label}: {clash[0]} is also the output of {owners[clash[0]]}; skipped", file=sys.stderr)
                errors += 1
                continue
            if not isinstance(heading, str) or not isinstance(body, str) or not (heading.strip() or body.strip()):
                print(f"narrate: {label}: missing heading/body text for {lang}; skipped", file=sys.stderr)
                errors += 1
                continue
            try:
                ogg = safe_media_path(media, ogg_rel, "audio")
                vtt = safe_media_path(media, vtt_rel, "captions")
            except ValueError as e:
                print(f"narrate: {label}: {e}", file=sys.stderr)
                errors += 1
                continue
            cues = make_cues(heading, body, lang)

            if args.dry_run:
                print(f"== {label} -> {ogg_rel}, {vtt_rel}")
                for cap, spoken in cues:
                    w = display_width(cap) if lang == "zh" else len(cap)
                    print(f"   [{w:>5}] {cap}" + (f"\n           spoken: {spoken}" if spoken != cap else ""))
                continue

            if args.check:
                checked += 1
                if not ogg.exists() or not vtt.exists():
                    print(f"narrate --check: {label}: missing {ogg_rel if not ogg.exists() else vtt_rel}", file=sys.stderr)
                    errors += 1
                    continue
                problems, vcues = validate_vtt(vtt.read_text(encoding="utf-8"), soxi_duration(ogg))
                entry = entries.get(ogg_rel)
                if not entry or entry.get("text_hash") != text_hash(lang, heading, body, ogg_rel, vtt_rel):
                    by_hand = [rel for rel, path in ((ogg_rel, ogg), (vtt_rel, vtt))
                               if output_state(path, recorded_sha(entries, rel)) in BY_HAND]
                    if by_hand:
                        problems.append(f"out of date: the text changed since it was generated, and {by_hand[0]} was "
                                        "edited by hand, so narrate.py leaves it alone (update it, or run narrate.py --force)")
                    else:
                        problems.append("out of date: the text changed since it was generated (run narrate.py)")
                for p in problems:
                    print(f"narrate --check: {label} {vtt_rel}: {p}", file=sys.stderr)
                errors += bool(problems)
                continue

            h = text_hash(lang, heading, body, ogg_rel, vtt_rel)
            entry = entries.get(ogg_rel)
            if upgrade_entry(entry, h, ogg, vtt, vtt_rel, plausible=matches_entry):
                upgraded += 1
                save_hashes(hashes_path, hashes)
            same_text = bool(entry) and entry.get("text_hash") == h and entry.get("captions") == vtt_rel
            outputs = ((ogg_rel, ogg), (vtt_rel, vtt))
            states = {rel: output_state(path, recorded_sha(entries, rel)) for rel, path in outputs}
            action = decide(same_text, states, args.force)
            if action in ("unchanged", "kept"):
                skipped += 1
                kept += action == "kept"
                total_bytes += ogg.stat().st_size if ogg.is_file() else 0
                continue
            if action == "refuse":
                refused += 1
                missing = [rel for rel, state in states.items() if state == ABSENT]
                why = "its text changed" if not same_text else f"{missing[0]} is missing"
                for rel, state in states.items():
                    if state in BY_HAND:
                        how = "was changed after narrate.py wrote it" if state == CHANGED else "was not written by narrate.py"
                        print(f"narrate: warning: {label}: {shown(rel)} {how}, so it is not overwritten ({why}; "
                              f"this panel's {lang} audio and captions are left as they are). "
                              f"To replace it with synthesised narration: {force_command(lang, ex_id)}", file=sys.stderr)
                total_bytes += ogg.stat().st_size if ogg.is_file() else 0
                continue
            for rel, state in states.items():
                if state in BY_HAND:
                    print(f"narrate: {label}: --force: overwriting {shown(rel)}, which {'was changed by hand' if state == CHANGED else 'narrate.py did not write'}")

            ogg.parent.mkdir(parents=True, exist_ok=True)
            vtt.parent.mkdir(parents=True, exist_ok=True)
            try:
                with tempfile.TemporaryDirectory(prefix="narrate-") as tmp:
                    title = f"{ex_id} {n} {heading}"
                    timed, duration, tmp_ogg = synthesise(cues, lang, Path(tmp), ogg, title)
                    vtt_text = build_vtt(timed)
                    problems, _ = validate_vtt(vtt_text, duration)
                    if problems:
                        tmp_ogg.unlink(missing_ok=True)
                        raise ToolError("generated captions failed validation: " + "; ".join(problems))
                    # A file may have been put in place while the audio was being made: look again.
                    late = [rel for rel, path in outputs
                            if not args.force and output_state(path, recorded_sha(entries, rel)) in BY_HAND]
                    if late:
                        tmp_ogg.unlink(missing_ok=True)
                        raise ToolError(f"{shown(late[0])} was changed while the narration was being made; "
                                        f"nothing written. Run narrate.py again, or: {force_command(lang, ex_id)}")
                    tmp_vtt = vtt.with_name(vtt.name + ".tmp")
                    tmp_vtt.write_text(vtt_text, encoding="utf-8")
                    os.replace(tmp_ogg, ogg)
                    os.replace(tmp_vtt, vtt)
            except ToolError as e:
                print(f"narrate: {label}: {e}", file=sys.stderr)
                errors += 1
                continue
            size = ogg.stat().st_size
            total_bytes += size
            made += 1
            entries[ogg_rel] = {
                "text_hash": h,
                "captions": vtt_rel,
                "audio_sha256": file_sha(ogg),
                "captions_sha256": file_sha(vtt),
                "duration": round(duration, 3),
                "cues": len(timed),
                "exhibit": ex_id,
                "panel": n,
                "lang": lang,
            }
            hashes["generator"] = GENERATOR
            save_hashes(hashes_path, hashes)  # after each panel, so an interrupted run keeps its progress
            print(f"narrate: {label}: {ogg_rel} {duration:5.1f} s, {len(timed):2d} cues, {size / 1024:5.0f} KiB ({rate_note(lang, cues, duration)})")

    for missing in sorted(wanted - seen_ids):
        print(f"narrate: no exhibit with id {missing!r} in {exhibits_dir}", file=sys.stderr)
        errors += 1

    if not (args.dry_run or args.check) and not wanted and not unreadable:
        # report (never delete) narration files that no panel refers to any more
        stale = []
        for sub in ("audio", "captions"):
            for p in sorted((media / sub).glob("*/*")):
                rel = p.relative_to(media).as_posix()
                if p.suffix in (".ogg", ".vtt") and rel not in produced:
                    stale.append(rel)
        for rel in stale:
            print(f"narrate: note: {rel} is not used by any panel (not deleted)")
        for rel in [r for r in entries if r not in produced]:
            del entries[rel]
        if stale or made:
            save_hashes(hashes_path, hashes)

    if args.check:
        print(f"narrate --check: {checked} panel-languages checked, {errors} with problems")
    elif not args.dry_run:
        extra = (f" ({kept} of them edited by hand and kept)" if kept else "") + "".join(
            f", {count} {what}" for count, what in (
                (refused, "not overwritten because edited by hand (see the warnings; --force replaces them)"),
                (upgraded, "recorded as generated (hash file upgraded)"),
            ) if count
        )
        print(f"narrate: {made} generated, {skipped} unchanged{extra}, {errors} problems; "
              f"narration audio of these panels: {total_bytes / 1024 / 1024:.1f} MiB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
