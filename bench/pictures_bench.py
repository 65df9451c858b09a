"""Times the picture exports: the PNG of one year and the 1992-2025 GIF at 1200 px (target: GIF under 20 s).

.venv/bin/python bench/pictures_bench.py [--runs 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.alliance.control import load_control
from geo.alliance.filters import Filters
from geo.atlas import load_atlas
from geo.render.pictures import map_png, years_gif


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    atlas, control = load_atlas(), load_control()
    for name, render in (
        ("PNG 2024, 1920 px", lambda: map_png(atlas, "CSTO", control, Filters(year=2024))),
        ("GIF 1992-2025, 1200 px", lambda: years_gif(atlas, "CSTO", control, Filters(year=2024), range(1992, 2026))),
    ):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            data = render()
            times.append(time.perf_counter() - start)
        print(
            f"{name}: {len(data) / 1e6:.2f} MB; {', '.join(f'{t:.1f}' for t in times)} s "
            f"(median {statistics.median(times):.1f} s)"
        )


if __name__ == "__main__":
    main()
