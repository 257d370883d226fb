#!/usr/bin/env python3
"""Read-aloud clips for the quiz (Ogg Vorbis, espeak-ng): one clip per text a question's
speaker button says — its prompt, each choice, each event to order (never the years) —
in every language the text is written in.

A clip is named by what it says: media/audio/quiz/<lang>/<key>.ogg, where <key> is the
FNV-1a (64-bit) hash of "<lang>\\n<text>" with white space runs made one space, as 16 hex
digits — the same key the kiosk computes (src/read_aloud.rs). So the run is incremental:
a clip that exists is kept, only the missing ones are made, a rewritten question gets new
clips, and questions added later (new exhibits, new kinds) need only a rerun. A prompt
whose language has a curator's recording (`prompt_audio`) gets no synthesised clip.

Outputs:
    media/audio/quiz/<lang>/<key>.ogg       mono 22,050 Hz Ogg Vorbis (oggenc -q -1)
    media/audio/quiz/manifest.json          which text each clip says (for people; the kiosk reads
                                            only the file names)

Usage:
    python3 scripts/quiz_voice.py                 # make the missing clips of every question
    python3 scripts/quiz_voice.py --dry-run       # list what would be made
    python3 scripts/quiz_voice.py --force         # make every clip again
    python3 scripts/quiz_voice.py --root DIR      # another hall with exhibits/ and media/
    python3 scripts/quiz_voice.py --self-test     # the key against the kiosk's figures

A question kind whose visitor sees other texts (captions of picture choices, say) adds
them in `question_texts` below and in `read_aloud::pieces` in the kiosk.
Tools: espeak-ng, sox/soxi, oggenc (apt-get install espeak-ng sox vorbis-tools).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import narrate  # noqa: E402  (the voices, the synthesiser and the text fixes for espeak-ng)
from ron_text import RonError, RonStruct, load_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "audio/quiz"


def spoken(text: str) -> str:
    """White space runs made one space, none at the ends (Rust's split_whitespace)."""
    return " ".join(text.split())


def clip_key(lang: str, text: str) -> str:
    h = 0xCBF29CE484222325
    for byte in (lang + "\n" + spoken(text)).encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def clip_rel(lang: str, text: str) -> str:
    return f"{FOLDER}/{lang}/{clip_key(lang, text)}.ogg"


def localised(value):
    """A {"zh": …, "en": …} text as a dict of strings, or {} for anything else."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
    return {}


def question_texts(question):
    """The localised texts the speaker button says, as (is_prompt, {lang: text})."""
    yield True, localised(question.get("prompt"))
    for choice in question.get("choices") or []:
        yield False, localised(choice)
    for event in question.get("events") or []:
        if isinstance(event, dict):
            yield False, localised(event.get("text"))
    # Picture choices are read by their captions; map and spot-it questions by their
    # prompt alone (src/read_aloud.rs says the same).
    for picture in question.get("pictures") or []:
        if isinstance(picture, dict):
            yield False, localised(picture.get("caption"))


def wanted_clips(exhibits_dir: Path, langs):
    """{relative clip path: (lang, text, where)} for every question; and the problems."""
    clips, problems = {}, []
    for f in sorted(exhibits_dir.glob("*.ron")):
        try:
            exhibit = load_file(f)
        except (RonError, OSError, UnicodeDecodeError) as e:
            problems.append(f"{f.name}: {e}")
            continue
        if not isinstance(exhibit, RonStruct) or exhibit.name != "Exhibit":
            continue
        for q, question in enumerate(exhibit.get("quiz") or []):
            if not isinstance(question, dict):
                continue
            recorded = set(localised(question.get("prompt_audio")))
            for is_prompt, texts in question_texts(question):
                for lang, text in texts.items():
                    if lang not in langs or not spoken(text) or (is_prompt and lang in recorded):
                        continue
                    clips.setdefault(clip_rel(lang, text), (lang, spoken(text), f"{f.name} quiz[{q}]"))
    return clips, problems


# Short phrases of synthetic speech stay clear at Vorbis' lowest quality, a third smaller
# than the narration's -q 1 (measured on the demo hall: 4.6 MiB instead of 7.1 MiB).
OGG_QUALITY = -1


def make_clip(lang: str, text: str, out: Path) -> float:
    narrate.OGG_QUALITY = OGG_QUALITY
    cue = narrate.speech_text(narrate.ensure_final_punct(text, lang), lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="quiz-voice-") as tmp:
        _, duration, tmp_ogg = narrate.synthesise([(text, cue)], lang, Path(tmp), out, text[:60])
        os.replace(tmp_ogg, out)
    return duration


def self_test() -> int:
    fails = []
    for got, want, what in (
        (clip_key("", ""), "af63c74c8601c8dd", "the key of nothing (as src/read_aloud.rs)"),
        (clip_key("en", "Who?"), clip_key("en", "  Who?\n"), "white space does not change the key"),
        (clip_key("en", "Who?") != clip_key("zh", "Who?"), True, "the language is part of the key"),
    ):
        if got != want:
            fails.append(f"{what}: {got!r} != {want!r}")
    for f in fails:
        print("FAIL:", f, file=sys.stderr)
    print(f"quiz_voice self-test: {'all checks passed' if not fails else f'{len(fails)} failed'}")
    return 1 if fails else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="hall holding exhibits/ and media/ (default: the repo)")
    ap.add_argument("--force", action="store_true", help="make every clip again")
    ap.add_argument("--dry-run", action="store_true", help="list the clips to make, make none")
    ap.add_argument("--self-test", action="store_true", help="check the key against the kiosk's")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    sys.stdout.reconfigure(line_buffering=True)
    try:
        os.nice(10)  # others compile on this machine
    except OSError:
        pass
    media = args.root / "media"
    clips, problems = wanted_clips(args.root / "exhibits", narrate.LANGS)
    for p in problems:
        print(f"quiz_voice: SKIPPED {p}", file=sys.stderr)
    missing = {rel: c for rel, c in clips.items() if args.force or not (media / rel).is_file()}
    if args.dry_run:
        for rel, (lang, text, where) in sorted(missing.items()):
            print(f"{rel}  [{where}] {text}")
        print(f"quiz_voice: {len(missing)} of {len(clips)} clips to make")
        return 0
    if missing:
        try:
            narrate.check_tools()
        except narrate.ToolError as e:
            print(f"quiz_voice: {e}", file=sys.stderr)
            return 2
    errors = len(problems)
    made = 0
    for rel, (lang, text, where) in sorted(missing.items()):
        try:
            duration = make_clip(lang, text, media / rel)
        except narrate.ToolError as e:
            print(f"quiz_voice: {where} [{lang}] {text!r}: {e}", file=sys.stderr)
            errors += 1
            continue
        made += 1
        print(f"quiz_voice: {rel} {duration:4.1f} s  [{where}] {text[:50]}")
    manifest = {rel: {"lang": lang, "text": text} for rel, (lang, text, _) in sorted(clips.items())}
    manifest_path = media / FOLDER / "manifest.json"
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    stale = sorted(p.relative_to(media).as_posix() for p in (media / FOLDER).glob("*/*.ogg")
                   if p.relative_to(media).as_posix() not in clips)
    for rel in stale:
        print(f"quiz_voice: note: {rel} is said by no question now (not deleted)")
    size = sum((media / rel).stat().st_size for rel in clips if (media / rel).is_file())
    print(f"quiz_voice: {made} made, {len(clips) - len(missing)} kept, {errors} problems; "
          f"{len(clips)} clips, {size / 1024 / 1024:.1f} MiB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
