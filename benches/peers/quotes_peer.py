"""Direct speech found by tezis and by direct-speech-extractor-ru (PyPI) on the project's test
articles (tests/data/articles/).

The peer returns direct-speech strings only (no speakers, no offsets, no reported speech), so the
comparison is on direct quotes, matched after normalising both sides (dashes, quotation marks,
final punctuation and spaces stripped; a match needs the same text, or one containing the other
with at least 80% of its length).

    python3 -m pip install direct-speech-extractor-ru
    cargo build --release
    python3 benches/peers/quotes_peer.py
"""

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "tests" / "data" / "articles"
TEZIS = REPO / "target" / "release" / "tezis"


def norm(s):
    s = re.sub(r"[«»„“”\"—–\-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" .,!?…:;")
    return s.lower()


def matches(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.8 * len(long_)


def tezis_direct(path):
    out = subprocess.run([str(TEZIS), "extract", str(path), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    return [q["quote"] for q in map(json.loads, out.splitlines()) if q["kind"] == "direct"]


def peer_direct(text):
    from direct_speech_extractor_ru import Extractor
    return [s for s in Extractor(text).direct_speech() if norm(s)]


def main():
    rows = []
    totals = {"expected": 0, "tezis": 0, "tezis_right": 0, "peer": 0, "peer_right": 0}
    only_tezis, only_peer = [], []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        exp = [json.loads(l)["quote"]
               for l in path.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines()
               if l.strip() and json.loads(l)["kind"] == "direct"]
        t, p = tezis_direct(path), peer_direct(text)
        t_right = [e for e in exp if any(matches(e, x) for x in t)]
        p_right = [e for e in exp if any(matches(e, x) for x in p)]
        only_tezis += [(path.name, e) for e in t_right if e not in p_right]
        only_peer += [(path.name, e) for e in p_right if e not in t_right]
        p_extra = [x for x in p if not any(matches(e, x) for e in exp)]
        t_extra = [x for x in t if not any(matches(e, x) for e in exp)]
        rows.append((path.name, len(exp), len(t_right), len(t_extra), len(p_right), len(p_extra)))
        totals["expected"] += len(exp)
        totals["tezis"] += len(t)
        totals["tezis_right"] += len(t_right)
        totals["peer"] += len(p)
        totals["peer_right"] += len(p_right)
    print("| article | direct quotes | tezis found | tezis extra | peer found | peer extra |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print("| {} | {} | {} | {} | {} | {} |".format(*r))
    e = totals["expected"]
    print(f"\nrecall: tezis {totals['tezis_right']}/{e}, direct-speech-extractor-ru "
          f"{totals['peer_right']}/{e}; outputs: tezis {totals['tezis']}, peer {totals['peer']}")
    print(f"found only by tezis: {len(only_tezis)}; found only by the peer: {len(only_peer)}")
    for name, q in only_peer[:10]:
        print(f"  only peer: {name}: {q[:80]}")
    print("(the peer gives no speakers, offsets or reported speech; tezis gives all three)")


if __name__ == "__main__":
    sys.exit(main())
