#!/usr/bin/env python3
"""Subset Noto Sans CJK SC (Regular and Bold) for the kiosk: media/fonts/NotoSansSC-{Regular,Bold}.otf.

Source: Debian's fonts-noto-cjk, /usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc,
the face named "Noto Sans CJK SC" (font number 2 in those collections; checked by name).

Character set:
  * all of GB2312 (every valid two-byte code decoded with Python's 'gb2312' codec:
    6,763 hanzi and 682 symbols, full-width forms, kana, Greek, Cyrillic, pinyin letters, box drawing …)
  * ASCII, Latin-1, Latin Extended-A, General Punctuation, CJK Symbols and Punctuation,
    Halfwidth and Fullwidth Forms, Arrows, Geometric Shapes, and UI symbols (★ ☆ ✓ ✗ ⏸ ⏵ …)
  * every character of kiosk.ron, exhibits/**/*.ron and src/**/*.rs (the app's UI strings)

pyftsubset options: --layout-features='*' --no-hinting --name-IDs='*' --notdef-outline, each
weight built with and without --desubroutinize and the smaller file kept.
Then derives media/fonts/NotoSansSC-Proportional-{Regular,Bold}.otf: the proportional forms ('pwid')
of the punctuation the font draws full-width (curly quotes, ellipsis), for English text.
Also writes media/fonts/LICENSE-OFL.txt (from Debian's copyright file) and media/fonts/README.md.

Usage:
    python3 scripts/make_font_subset.py            # rebuild only if the character set or source changed
    python3 scripts/make_font_subset.py --force
    python3 scripts/make_font_subset.py --root DIR # another tree (kiosk.ron, exhibits/, src/, media/)

Needs fontTools (pip install fonttools) and fonts-noto-cjk (apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
WANTED_FAMILY = "Noto Sans CJK SC"
EXPECTED_INDEX = 2
WEIGHTS = {
    "Regular": ("NotoSansCJK-Regular.ttc", "NotoSansSC-Regular.otf"),
    "Bold": ("NotoSansCJK-Bold.ttc", "NotoSansSC-Bold.otf"),
}
# Small faces with the proportional forms of the punctuation that Noto Sans CJK SC draws
# full-width by default (curly quotes, ellipsis, …): the kiosk puts them first for
# English text, since egui applies no OpenType features (the forms are behind 'pwid').
PROPORTIONAL = {
    "Regular": "NotoSansSC-Proportional-Regular.otf",
    "Bold": "NotoSansSC-Proportional-Bold.otf",
}
BASE_OPTIONS = ["--layout-features=*", "--no-hinting", "--name-IDs=*", "--notdef-outline"]
SCRIPT_VERSION = 1

RANGES = {
    "ASCII": (0x20, 0x7E),
    "Latin-1 Supplement": (0xA0, 0xFF),
    "Latin Extended-A": (0x100, 0x17F),
    "General Punctuation": (0x2000, 0x206F),
    "Arrows": (0x2190, 0x21FF),
    "Geometric Shapes": (0x25A0, 0x25FF),
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
}
# pinyin letters outside Latin-1/Extended-A, and symbols the UI may use (kept only if the font has them)
EXTRA = (
    "ǎǐǒǔǖǘǚǜ"  # pinyin (ǎ ǐ ǒ ǔ ü with tones)
    "←→↑↓↔↕⇐⇒⇦⇨"
    "▶▷◀◁▲△▼▽■□▪▫●○◎◆◇★☆♥♡✓✔✗✘✕✖✚✛✜✦✧❤❶❷❸❹❺❻❼❽❾❿①②③④⑤⑥⑦⑧⑨⑩"
    "⏴⏵⏶⏷⏸⏹⏺⏩⏪⏫⏬⏮⏭⏯⏱⏲⏳⌛⌚♪♫☰☐☑☒☎☞☜"
    "…‥—–·•‧°℃№™©®×÷±≈≠≤≥∞√‰¥€£￥"
)


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                chars.add(ch)
    return chars


def content_chars(root: Path):
    """Characters of kiosk.ron, exhibits/**/*.ron and src/**/*.rs (raw file text, comments included)."""
    chars, files = set(), []
    candidates = [root / "kiosk.ron", *sorted((root / "exhibits").glob("**/*.ron")), *sorted((root / "src").glob("**/*.rs"))]
    for p in candidates:
        if p.is_file():
            try:
                text = p.read_text(encoding="utf-8")
            except UnicodeDecodeError as e:
                print(f"make_font_subset: warning: {p} is not UTF-8 ({e}); skipped", file=sys.stderr)
                continue
            chars.update(text)
            files.append(p)
    return chars, files


def printable(chars):
    out = set()
    for ch in chars:
        cp = ord(ch)
        if cp < 0x20 or 0x7F <= cp < 0xA0 or 0xD800 <= cp < 0xE000 or cp in (0xFEFF,):
            continue
        out.add(ch)
    return out


def find_face(ttc: Path, weight: str):
    """Index of the "Noto Sans CJK SC" face of `weight` in the collection (checked, not assumed)."""
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(ttc), lazy=True)
    try:
        faces = []
        for idx, font in enumerate(coll.fonts):
            name = font["name"]
            faces.append((idx, name.getDebugName(1), name.getDebugName(2)))
        order = sorted(faces, key=lambda f: f[0] != EXPECTED_INDEX)  # check the documented index first
        for idx, family, sub in order:
            if family == WANTED_FAMILY and sub == weight:
                if idx != EXPECTED_INDEX:
                    print(f"make_font_subset: note: {WANTED_FAMILY} {weight} is face {idx} of {ttc.name}, not {EXPECTED_INDEX}")
                return idx
    finally:
        coll.close()
    raise SystemExit(f"make_font_subset: no face {WANTED_FAMILY!r} {weight} in {ttc} (faces: {faces})")


def font_info(path: Path, font_number=None):
    from fontTools.ttLib import TTFont

    kw = {"fontNumber": font_number} if font_number is not None else {}
    with TTFont(str(path), lazy=True, **kw) as f:
        name = f["name"]
        return {
            "family": name.getDebugName(1),
            "subfamily": name.getDebugName(2),
            "full_name": name.getDebugName(4),
            "version": name.getDebugName(5),
            "postscript": name.getDebugName(6),
            "copyright": name.getDebugName(0),
            "trademark": name.getDebugName(7),
            "license": name.getDebugName(13),
            "license_url": name.getDebugName(14),
            "cmap": set(f.getBestCmap().keys()),
            "glyphs": f["maxp"].numGlyphs,
        }


def ofl_text_from_debian(copyright_file: Path) -> str:
    """The text of the stand-alone 'License: SIL-1.1' paragraph of a Debian copyright file."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        if line.strip() not in ("License: SIL-1.1", "License: OFL-1.1"):
            continue
        out = []
        for body in lines[k + 1 :]:
            if not body.startswith(" "):
                break
            out.append("" if body.strip() == "." else body[1:])
        text = "\n".join(out).strip("\n")
        if "SIL OPEN FONT LICENSE" in text and "TERMINATION" in text and "DISCLAIMER" in text:
            return text + "\n"
    raise SystemExit(f"make_font_subset: could not find the full SIL OFL 1.1 text in {copyright_file}")


def sha256_file(path: Path):
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def run_pyftsubset(src: Path, index: int, unicodes_file: Path, out: Path, extra):
    exe = shutil.which("pyftsubset")
    cmd = [exe] if exe else [sys.executable, "-m", "fontTools.subset"]
    cmd += [str(src), f"--font-number={index}", f"--unicodes-file={unicodes_file}", *BASE_OPTIONS, *extra, f"--output-file={out}"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"make_font_subset: pyftsubset failed:\n{p.stderr[-2000:]}")
    return cmd


def write_proportional_face(face: Path, out: Path):
    """Writes `out`: the characters outside the CJK blocks whose glyph in `face` has a
    proportional form in its 'pwid' feature, each mapped straight to that form. Returns
    the characters. Writes nothing if the bytes would not change."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face))
    cmap = font.getBestCmap()
    gsub = font["GSUB"].table
    lookups = set()
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "pwid":
            lookups.update(record.Feature.LookupListIndex)
    proportional = {}
    for index in sorted(lookups):
        for table in gsub.LookupList.Lookup[index].SubTable:
            proportional.update(getattr(table, "mapping", {}))
    # Spaces keep their own widths; CJK punctuation (U+2E80 on) stays full-width.
    targets = {
        cp: proportional[glyph]
        for cp, glyph in cmap.items()
        if glyph in proportional and cp < 0x2E80 and not chr(cp).isspace()
    }
    if not targets:
        raise SystemExit(f"make_font_subset: {face.name} has no 'pwid' forms for Latin punctuation")
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=sorted(set(targets.values())))
    subsetter.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = dict(targets)
    font.recalcTimestamp = False  # the same input gives the same bytes
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    if not out.is_file() or out.read_bytes() != data:
        staged = out.with_name(out.name + ".tmp")
        staged.write_bytes(data)
        os.replace(staged, out)
    return "".join(chr(cp) for cp in sorted(targets))


def write_proportional_faces(out_dir: Path):
    for weight, name in PROPORTIONAL.items():
        chars = write_proportional_face(out_dir / WEIGHTS[weight][1], out_dir / name)
        print(f"make_font_subset: media/fonts/{name}: proportional {' '.join(chars)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="project root (default: the repo)")
    ap.add_argument("--font-dir", type=Path, default=FONT_DIR, help=f"where the .ttc files are (default {FONT_DIR})")
    ap.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    try:
        os.nice(10)  # others compile on this machine
    except OSError:
        pass

    try:
        import fontTools  # noqa: F401
    except ImportError:
        print("make_font_subset: fontTools is missing; install it: pip install fonttools", file=sys.stderr)
        return 2
    for weight, (ttc_name, _) in WEIGHTS.items():
        if not (args.font_dir / ttc_name).is_file():
            print(f"make_font_subset: {args.font_dir / ttc_name} not found; install it: apt-get install -y fonts-noto-cjk", file=sys.stderr)
            return 2
    if not DEBIAN_COPYRIGHT.is_file():
        print(f"make_font_subset: {DEBIAN_COPYRIGHT} not found (apt-get install -y fonts-noto-cjk)", file=sys.stderr)
        return 2

    ofl = ofl_text_from_debian(DEBIAN_COPYRIGHT)  # fail early, before the long subsetting
    out_dir = args.root / "media" / "fonts"
    out_dir.mkdir(parents=True, exist_ok=True)

    # ---- the character set
    groups = {}
    groups["GB2312"] = gb2312_chars()
    for label, (lo, hi) in RANGES.items():
        groups[label] = {chr(c) for c in range(lo, hi + 1)}
    groups["UI symbols"] = set(EXTRA)
    content, content_files = content_chars(args.root)
    groups["project texts"] = printable(content)
    wanted = set()
    for g in groups.values():
        wanted |= g
    wanted = printable(wanted)
    codepoints = sorted(ord(c) for c in wanted)
    gb_hanzi = sum(1 for c in groups["GB2312"] if 0x4E00 <= ord(c) <= 0x9FFF)
    print(f"make_font_subset: {len(codepoints)} requested characters "
          f"(GB2312 {len(groups['GB2312'])}, of which hanzi {gb_hanzi}; "
          f"{len(groups['project texts'])} distinct in {len(content_files)} project files)")

    # ---- incremental: skip if nothing changed
    state_path = out_dir / ".subset-state.json"
    sources = {w: args.font_dir / t for w, (t, _) in WEIGHTS.items()}
    key = hashlib.sha256(json.dumps({
        "v": SCRIPT_VERSION,
        "codepoints": codepoints,
        "options": BASE_OPTIONS,
        "sources": {w: [str(p), p.stat().st_size, int(p.stat().st_mtime)] for w, p in sources.items()},
    }).encode()).hexdigest()
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        state = {}
    outputs = {w: out_dir / o for w, (_, o) in WEIGHTS.items()}
    extra_files = [out_dir / "LICENSE-OFL.txt", out_dir / "README.md"]
    if (
        not args.force
        and state.get("key") == key
        and all(state.get("sha256", {}).get(p.name) == sha256_file(p) for p in [*outputs.values(), *extra_files])
    ):
        for w, p in outputs.items():
            print(f"make_font_subset: {p.relative_to(args.root)} up to date ({p.stat().st_size / 1e6:.2f} MB)")
        write_proportional_faces(out_dir)
        return 0

    # ---- build each weight, with and without --desubroutinize, keep the smaller
    report = {}
    with tempfile.TemporaryDirectory(prefix="fontsubset-") as tmp:
        tmp = Path(tmp)
        unicodes = tmp / "unicodes.txt"
        unicodes.write_text("\n".join(f"U+{cp:04X}" for cp in codepoints) + "\n")
        for weight, src in sources.items():
            index = find_face(src, weight)
            src_info = font_info(src, index)
            variants = {}
            for label, extra in (("subroutinized", []), ("desubroutinized", ["--desubroutinize"])):
                out = tmp / f"{weight}-{label}.otf"
                cmd = run_pyftsubset(src, index, unicodes, out, extra)
                variants[label] = (out.stat().st_size, out, cmd)
                print(f"make_font_subset: {weight}: {label:15s} {out.stat().st_size / 1e6:.2f} MB")
            label = min(variants, key=lambda k: variants[k][0])
            size, built, cmd = variants[label]
            info = font_info(built)
            if info["family"] != WANTED_FAMILY or info["subfamily"] != weight:
                raise SystemExit(f"make_font_subset: built font is {info['family']} {info['subfamily']}, expected {WANTED_FAMILY} {weight}")
            missing_content = sorted(c for c in groups["project texts"] if ord(c) not in info["cmap"] and not c.isspace())
            missing_all = [cp for cp in codepoints if cp not in src_info["cmap"]]
            staged = outputs[weight].with_name(outputs[weight].name + ".tmp")
            shutil.copyfile(built, staged)
            os.replace(staged, outputs[weight])
            report[weight] = {
                "file": outputs[weight].name,
                "size": size,
                "variant": label,
                "sizes": {k: v[0] for k, v in variants.items()},
                "glyphs": info["glyphs"],
                "chars": len(info["cmap"]),
                "missing_content": missing_content,
                "not_in_font": len(missing_all),
                "source": src,
                "index": index,
                "src_info": src_info,
                "cmd": ["pyftsubset" if Path(cmd[0]).name == "pyftsubset" else "python3 -m fontTools.subset",
                        *[c if not c.startswith("--unicodes-file=") else "--unicodes-file=<list>" for c in cmd[1:-1]], f"--output-file=media/fonts/{outputs[weight].name}"],
            }
            if missing_content:
                shown = "".join(missing_content[:60])
                print(f"make_font_subset: WARNING: {len(missing_content)} characters used in the project texts are not in "
                      f"{WANTED_FAMILY} {weight} (they will not render with this font): {shown}"
                      + (" (U+" + ", U+".join(f"{ord(c):04X}" for c in missing_content[:20]) + ")"), file=sys.stderr)

    # ---- licence and README
    regular = report["Regular"]["src_info"]
    notice = [f"Noto Sans CJK SC (subset as NotoSansSC-Regular.otf and NotoSansSC-Bold.otf)", ""]
    notice.append(regular["copyright"] or "Copyright 2014-2021 Adobe (http://www.adobe.com/).")
    if regular.get("trademark"):
        notice.append(regular["trademark"])
    notice += ["", "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
               "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org", "", ""]
    (out_dir / "LICENSE-OFL.txt").write_text("\n".join(notice) + ofl, encoding="utf-8")

    try:
        deb_version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "fonts-noto-cjk"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except OSError:
        deb_version = ""
    import fontTools

    lines = [
        "# Fonts",
        "",
        "`NotoSansSC-Regular.otf` and `NotoSansSC-Bold.otf` are subsets of **Noto Sans CJK SC** "
        "(the Simplified Chinese face of Noto Sans CJK, by Adobe and Google), "
        f"version `{regular['version']}` (from the font's name table).",
        "",
        f"- Source: Debian package `fonts-noto-cjk`{f' {deb_version}' if deb_version else ''}, "
        + ", ".join(f"`{r['source']}` face {r['index']} (\"{r['src_info']['full_name']}\")" for r in report.values()) + ".",
        f"- Built by `scripts/make_font_subset.py` with fontTools {fontTools.version} `pyftsubset`; rerun it "
        "(or `scripts/make-demo-media`) after changing texts: it adds every character used in `kiosk.ron`, "
        "`exhibits/**/*.ron` and `src/**/*.rs`.",
        "- Character set: all of GB2312 (6,763 hanzi and its symbols), ASCII, Latin-1, Latin Extended-A, "
        "General Punctuation, CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms, Arrows, Geometric Shapes, "
        "common UI symbols (★ ☆ ✓ ✗ ⏸ ⏵ …, where the font has them), and the project's texts.",
        "- Options: `--layout-features='*' --no-hinting --name-IDs='*' --notdef-outline`; each weight was built with and "
        "without `--desubroutinize` and the smaller file kept.",
        "- `NotoSansSC-Proportional-Regular.otf` and `NotoSansSC-Proportional-Bold.otf` hold only the proportional forms "
        "(the font's `pwid` feature) of the punctuation Noto Sans CJK SC draws full-width: curly quotes, the ellipsis, "
        "the horizontal bar and the reversed prime, mapped straight to their characters. The kiosk puts them first for "
        "English text, because egui applies no OpenType features; Chinese text keeps the full-width forms.",
        "",
        "| file | size | glyphs | characters | CFF | with / without subroutines |",
        "|---|---|---|---|---|---|",
    ]
    for r in report.values():
        lines.append(f"| `{r['file']}` | {r['size'] / 1e6:.2f} MB | {r['glyphs']} | {r['chars']} | {r['variant']} | "
                     f"{r['sizes']['subroutinized'] / 1e6:.2f} MB / {r['sizes']['desubroutinized'] / 1e6:.2f} MB |")
    lines += [
        "",
        "Command used for each weight (the character list is generated by the script):",
        "",
        "```",
        *(" ".join(r["cmd"]) for r in report.values()),
        "```",
        "",
        "## Licence",
        "",
        "SIL Open Font License 1.1: see `LICENSE-OFL.txt` (copyright notice from the font's name table, licence text "
        f"from `{DEBIAN_COPYRIGHT}`). The subset keeps the original family name; the OFL requires that the fonts, "
        "including this modified version, are distributed only under the OFL and are not sold by themselves.",
        "",
    ]
    (out_dir / "README.md").write_text("\n".join(lines), encoding="utf-8")

    write_proportional_faces(out_dir)
    state = {"key": key, "sha256": {p.name: sha256_file(p) for p in [*outputs.values(), *extra_files]}}
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")

    for r in report.values():
        print(f"make_font_subset: media/fonts/{r['file']}: {r['size'] / 1e6:.2f} MB ({r['size']:,} bytes), "
              f"{r['glyphs']} glyphs, {r['chars']} characters, {r['variant']} CFF kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
