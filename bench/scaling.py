"""How extraction time and memory grow with article length: one long article per size, real text.

    python bench/scaling.py [--sizes 2000,20000,200000,1000000] [--variants plain,nopunct] [--timeout 600]

Each article is the example articles (examples/articles) concatenated, repeated and cut to the size
in characters, under the first one's date line; ``nopunct`` is the same text with every punctuation
character removed (no sentence ends: the parser makes sentences of thousands of words, the worst
case the hardening issue reported). Each size runs in a fresh subprocess, so that its peak RSS is its
own: it loads the pipeline, warms it up on one example article, then times
``dateline.pipeline.extract_articles`` on the long article (for articles under 20k characters, whose
times are short and noisy, the median of five different ones). Printed per variant and size: seconds,
seconds per 10k characters, that cost relative to the smallest size's, and peak RSS; a run past
--timeout prints "over N s". A linear pipeline keeps the relative cost near 1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
DEFAULT_SIZES = "2000,20000,200000,1000000"
SHORT = 20_000  # articles shorter than this are timed five times, each a different text (median)


def _bodies() -> tuple[str, list[str]]:
    """The first article's date and every example article's body, in file order."""
    from dateline.ingest.text import split_date_line

    date, bodies = None, []
    for path in sorted(EXAMPLES.glob("*.txt")):
        found, body = split_date_line(path.read_text(encoding="utf-8"))
        date = date or found
        bodies.append(body.strip())
    return date or "2024-01-01", bodies


def strip_punctuation(text: str) -> str:
    """``text`` without its punctuation characters (Unicode category P*)."""
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))


def build_text(size: int, variant: str, first: int = 0) -> str:
    """A dated-text document whose body is ~``size`` characters of the example articles (from the
    ``first``-th on), cut at a space."""
    date, bodies = _bodies()
    bodies = bodies[first:] + bodies[:first]
    if variant == "nopunct":
        bodies = [strip_punctuation(b) for b in bodies]
    parts: list[str] = []
    length = 0
    while length < size:
        for body in bodies:
            parts.append(body)
            length += len(body) + 2
            if length >= size:
                break
    body = "\n\n".join(parts)[:size]
    cut = body.rfind(" ")
    return f" date {date}\n" + (body[:cut] if cut > size // 2 else body)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(size: int, variant: str) -> dict:
    """In this process: time extract_articles on one article; the figures as a dict."""
    from dateline.ingest.text import article_from_dated_text
    from dateline.pipeline import extract_articles

    def article(text: str):
        return article_from_dated_text(text, source=f"<scaling {variant} {size}>")

    warm = article(sorted(EXAMPLES.glob("*.txt"))[-1].read_text(encoding="utf-8"))
    list(extract_articles([warm]))  # loads the pipeline; not timed
    # short articles: five different ones (each starting at another example), so no run repeats a text
    targets = [article(build_text(size, variant, first)) for first in range(5 if size < SHORT else 1)]
    times = []
    for target in targets:
        start = time.perf_counter()
        list(extract_articles([target]))
        times.append(time.perf_counter() - start)
    chars = int(statistics.median(len(t.text) for t in targets))
    return {"chars": chars, "seconds": statistics.median(times), "rss_mb": _peak_rss_mb()}


def run_child(size: int, variant: str, timeout: float) -> dict | None:
    """Run :func:`run_one` in a fresh interpreter; None when it outlives ``timeout``."""
    cmd = [sys.executable, __file__, "--child", f"{variant}:{size}"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        raise SystemExit(f"{variant} {size}: the child failed:\n{err.stderr[-2000:]}") from err
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(size: int, result: dict | None, smallest: float | None, timeout: float) -> tuple[str, ...]:
    if result is None:
        return (f"{size:,}", f"over {timeout:.0f} s", "", "", "")
    per = result["seconds"] / result["chars"] * 10_000
    ratio = f"{per / smallest:.2f}" if smallest else "1.00"
    return (f"{result['chars']:,}", f"{result['seconds']:.2f}", f"{per:.3f}", ratio, f"{result['rss_mb']:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated article sizes in characters")
    parser.add_argument("--variants", default="plain,nopunct", help="plain, nopunct or both")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per size")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        variant, size = args.child.split(":")
        print(json.dumps(run_one(int(size), variant)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    header = ("chars", "seconds", "s / 10k chars", "x smallest", "peak RSS MB")
    for variant in args.variants.split(","):
        print(f"\n{variant}: " + " | ".join(header), flush=True)
        smallest = None
        for size in sizes:
            result = run_child(size, variant, args.timeout)
            if result is not None and smallest is None:
                smallest = result["seconds"] / result["chars"] * 10_000
            print(f"{variant}: " + " | ".join(_row(size, result, smallest, args.timeout)), flush=True)


if __name__ == "__main__":
    main()
