"""Pictures to take away: a PNG of the map for a year, and an animated GIF of the years, drawn on the server.

The same data as the map (statuses at 31 December, events, Nagorno-Karabakh's control periods), drawn with
matplotlib's Agg canvas. What never changes between years (land, borders, legend, source line) is drawn once; each
year only redraws the shading, the control areas, the events and the year (blitting), so 34 frames take seconds.
"""

import dataclasses
import io
from collections.abc import Iterable, Sequence
from math import cos, radians

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from PIL import Image

from geo.alliance.control import Control, ControlTable
from geo.alliance.filters import Filters
from geo.atlas import Atlas
from geo.render.control_layers import FILL_OPACITY
from geo.render.palette import (
    BLACK,
    CAPTION,
    CONTROL_COLOURS,
    COUNTRY_EDGE,
    LAND,
    LAND_EDGE,
    STATUS_COLOURS,
    WATER,
    WHITE,
)

FIGSIZE_IN = (12.0, 7.2)  # at FRAME_DPI: 1200 × 720 px, the animation's frame
FRAME_DPI = 100
PNG_DPI = 160  # the still: 1920 × 1152 px, sharp enough for an article
FRAME_MS = 900
PALETTE_STRIDE = 3  # every 3rd pixel of every frame, in both directions, chooses the GIF's colours
FLAT_COLOUR_PIXELS = 4  # a colour this common in the sample is a fill (legend swatch, event dot): kept exactly
SOURCE_LINE = (
    "Alliance Atlas. Statuses, events and control periods: curated from cited sources (Data & sources). "
    "Boundaries: Natural Earth (public domain); places: GeoNames (CC BY 4.0). "
    "Karabakh: pale or hatched where a holder had only part of a district; zone and corridor approximate."
)
STATUS_ALPHA = 0.55


def map_png(atlas: Atlas, org: str, control: ControlTable, filters: Filters) -> bytes:
    """The map for the sidebar's year (or dates range): title, legend, year and source line, as PNG bytes."""
    canvas = _MapCanvas(atlas, org, control, PNG_DPI)
    image = Image.fromarray(canvas.frame(filters))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def years_gif(atlas: Atlas, org: str, control: ControlTable, filters: Filters, years: Iterable[int]) -> bytes:
    """One frame per year at 1200 px wide, with the sidebar's categories and countries; loops forever."""
    canvas = _MapCanvas(atlas, org, control, FRAME_DPI)
    frames = [canvas.frame(dataclasses.replace(filters, year=year, date_from=None, date_to=None)) for year in years]
    palette = _shared_palette(frames)
    indexed = [Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    buffer = io.BytesIO()
    indexed[0].save(
        buffer, format="GIF", save_all=True, append_images=indexed[1:], duration=FRAME_MS, loop=0, optimize=False
    )
    return buffer.getvalue()


def _shared_palette(frames: Sequence[np.ndarray]) -> Image.Image:
    """One 256-colour palette for every frame, so colours hold still from year to year.

    Flat colours (fills, swatches, dots) get exact entries even when only one year or the legend shows them; a
    median cut of the sample fills the rest with the anti-aliased edges.
    """
    sample = np.concatenate([frame[::PALETTE_STRIDE, ::PALETTE_STRIDE] for frame in frames])
    packed = (sample[..., 0].astype(np.uint32) << 16) | (sample[..., 1].astype(np.uint32) << 8) | sample[..., 2]
    values, counts = np.unique(packed, return_counts=True)
    flat = values[counts >= FLAT_COLOUR_PIXELS][np.argsort(-counts[counts >= FLAT_COLOUR_PIXELS], kind="stable")][:192]
    exact = [channel for value in flat.tolist() for channel in (value >> 16, (value >> 8) & 255, value & 255)]
    rest = Image.fromarray(sample).quantize(colors=256 - len(flat), method=Image.Quantize.MEDIANCUT)
    palette = Image.new("P", (1, 1))
    palette.putpalette(exact + rest.getpalette()[: 3 * (256 - len(flat))])
    return palette


class _MapCanvas:
    """A figure whose static parts are drawn once; frame() draws one choice of year, events and control on top."""

    def __init__(self, atlas: Atlas, org: str, control: ControlTable, dpi: int) -> None:
        self.atlas, self.org, self.control = atlas, org, control
        self.figure = Figure(figsize=FIGSIZE_IN, dpi=dpi, facecolor=WHITE)
        self.canvas = FigureCanvasAgg(self.figure)
        view = atlas.view
        self.map_ax = self._map_axes([0.01, 0.07, 0.70, 0.83], (view.west, view.south, view.east, view.north))
        west, south, east, north = control.shapes.total_bounds
        self.inset_ax = self._map_axes([0.725, 0.50, 0.265, 0.40], (west - 0.3, south - 0.25, east + 0.3, north + 0.25))
        self.inset_ax.set_title("Nagorno-Karabakh", fontsize=10, loc="left")
        west, south, east, north = self._box(self.inset_ax)  # marked on the main map: where the inset is
        self.map_ax.add_patch(
            Rectangle((west, south), east - west, north - south, fill=False, linewidth=1, edgecolor=BLACK, zorder=4)
        )
        shaded = set(atlas.memberships.countries(org))
        self.iso3 = [iso3 for iso3 in atlas.countries["iso3"] if iso3 in shaded]
        self.status = self._countries(self.map_ax, self._box(self.map_ax), animated=True, only=shaded)
        self.areas = self._control_artists(self.inset_ax)
        self.events = self.map_ax.scatter([], [], s=34, edgecolors=WHITE, linewidths=0.8, zorder=5, animated=True)
        self.title = self.figure.text(0.01, 0.955, "", fontsize=15, weight="bold", va="center", animated=True)
        self.subtitle = self.figure.text(0.01, 0.915, "", fontsize=10, color=COUNTRY_EDGE, va="center", animated=True)
        self.year = self.map_ax.text(
            0.985,
            0.03,
            "",
            transform=self.map_ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=30,
            weight="bold",
            color=COUNTRY_EDGE,
            alpha=0.8,
            animated=True,
        )
        self._legend()
        self.figure.text(0.01, 0.025, SOURCE_LINE, fontsize=7.2, color=CAPTION, va="center", wrap=True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def frame(self, filters: Filters) -> np.ndarray:
        """RGB pixels of one frame: the static background restored, the changing artists drawn over it."""
        first, last = filters.window
        statuses = self.atlas.memberships.statuses_in_year(self.org, filters.year)
        self.status.set_facecolor([_status_rgba(statuses.get(iso3)) for iso3 in self.iso3])
        held = self.control.control_on(last)
        for area_id, artist in self.areas.items():
            _show_control(artist, held.get(area_id))
        self._show_events(filters)
        name = self.atlas.memberships.organisations[self.org].short_name
        self.title.set_text(f"{name} status on 31 Dec {filters.year}, events and Nagorno-Karabakh control")
        window = f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}" if filters.date_from else str(filters.year)
        self.subtitle.set_text(f"Events: {window}. Karabakh: who held each area on {last.day} {last:%b %Y}.")
        self.year.set_text(str(filters.year) if not filters.date_from else f"{last:%b %Y}")
        self.canvas.restore_region(self.background)
        for artist in [self.status, *self.areas.values(), self.events, self.year, self.title, self.subtitle]:
            self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())[:, :, :3].copy()

    def _map_axes(self, rect: list[float], box: tuple[float, float, float, float]):
        """Equirectangular axes over `box`, stretched by 1/cos(latitude) so shapes keep their proportions.

        The box is widened (or heightened) about its centre to the axes' shape, so the map fills its frame.
        """
        ax = self.figure.add_axes(rect)
        west, south, east, north = box
        stretch = 1 / cos(radians((south + north) / 2))
        width_in, height_in = rect[2] * FIGSIZE_IN[0], rect[3] * FIGSIZE_IN[1]
        wanted = width_in / height_in * (north - south) * stretch  # the longitude span that fills the frame
        if wanted >= east - west:
            west, east = (west + east - wanted) / 2, (west + east + wanted) / 2
        else:
            height = (east - west) / (width_in / height_in) / stretch
            south, north = (south + north - height) / 2, (south + north + height) / 2
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(stretch, adjustable="box")
        ax.set_facecolor(WATER)
        ax.set_xticks([])
        ax.set_yticks([])
        self._countries(ax, (west, south, east, north), animated=False)
        return ax

    @staticmethod
    def _box(ax) -> tuple[float, float, float, float]:
        (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
        return west, south, east, north

    def _countries(
        self, ax, box: tuple[float, float, float, float], animated: bool, only: set[str] | None = None
    ) -> PatchCollection:
        """Countries (all, or `only` these) as one patch each, in atlas order, clipped near the box.

        The static land has the edges; the animated copy only fills, so shading never hides a border.
        """
        west, south, east, north = box
        clip = (west - 5, south - 5, east + 5, north + 5)
        patches = [
            PathPatch(_path(shapely.clip_by_rect(geom, *clip)))
            for iso3, geom in zip(self.atlas.countries["iso3"], self.atlas.countries.geometry)
            if only is None or iso3 in only
        ]
        collection = PatchCollection(
            patches,
            facecolor="none" if animated else LAND,
            edgecolor="none" if animated else LAND_EDGE,
            linewidth=0.4,
            animated=animated,
            zorder=2 if animated else 1,
        )
        ax.add_collection(collection)
        return collection

    def _control_artists(self, ax) -> dict[str, object]:
        artists: dict[str, object] = {}
        for area_id, geom in zip(self.control.shapes["id"], self.control.shapes.geometry):
            if geom.geom_type in ("LineString", "MultiLineString"):
                xs, ys = np.asarray(shapely.get_coordinates(geom)).T
                artists[area_id] = Line2D(xs, ys, linewidth=2.2, animated=True, zorder=4)
                ax.add_line(artists[area_id])
            else:
                artists[area_id] = ax.add_patch(PathPatch(_path(geom), animated=True, zorder=3, linewidth=0.8))
        return artists

    def _show_events(self, filters: Filters) -> None:
        events = [e for e in self.atlas.events_matching(filters) if e.main_place]
        offsets = [(e.main_place.lon, e.main_place.lat) for e in events]
        self.events.set_offsets(np.array(offsets) if offsets else np.empty((0, 2)))
        self.events.set_facecolor([self.atlas.categories[e.category].colour for e in events] or "none")

    def _legend(self) -> None:
        ax = self.figure.add_axes([0.725, 0.07, 0.265, 0.40])
        ax.set_axis_off()
        statuses = [
            Patch(facecolor=colour, alpha=STATUS_ALPHA, label=status.label) for status, colour in STATUS_COLOURS.items()
        ]
        holders = [
            Patch(facecolor=colour, alpha=FILL_OPACITY["whole"], label=control.label)
            for control, colour in CONTROL_COLOURS.items()
            if control is not Control.PEACEKEEPERS
        ]
        holders += [
            Patch(
                facecolor="none",
                edgecolor=CONTROL_COLOURS[Control.PEACEKEEPERS],
                linestyle="--",
                label=f"{Control.PEACEKEEPERS.label} (zone)",
            ),
            Patch(
                facecolor=CONTROL_COLOURS[Control.ARMENIAN],
                alpha=FILL_OPACITY["part"],
                hatch="///",
                label="held in part",
            ),
        ]
        events = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor=c.colour,
                markeredgecolor=WHITE,
                markersize=7,
                label=c.label,
            )
            for c in self.atlas.categories.values()
        ]
        name = self.atlas.memberships.organisations[self.org].short_name
        first = ax.legend(
            handles=statuses,
            title=f"{name} status",
            loc="upper left",
            fontsize=7.5,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(0, 1),
        )
        ax.add_artist(first)
        second = ax.legend(
            handles=holders,
            title="Karabakh: held by",
            loc="upper left",
            fontsize=7.5,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(0, 0.55),
        )
        ax.add_artist(second)
        ax.legend(
            handles=events,
            title="Events",
            loc="upper left",
            fontsize=6.8,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.46, 1),
            handletextpad=0.3,
        )


def _status_rgba(status_in_year) -> tuple[float, float, float, float]:
    colour = STATUS_COLOURS.get(status_in_year.status) if status_in_year else None
    if colour is None:
        return (0.0, 0.0, 0.0, 0.0)
    return (*_rgb(colour), STATUS_ALPHA)


def _show_control(artist, period) -> None:
    """Colour an area by its holder, hatched where held in part; hidden when no period covers the day."""
    artist.set_visible(period is not None)
    if period is None:
        return
    colour = CONTROL_COLOURS[period.control]
    if isinstance(artist, Line2D):
        artist.set_color(colour)
        artist.set_linestyle("--" if period.control is Control.BLOCKADED else "-")
    elif period.control is Control.PEACEKEEPERS:
        artist.set_facecolor("none")
        artist.set_edgecolor(colour)
        artist.set_linestyle("--")
        artist.set_linewidth(1.4)
    else:
        artist.set_facecolor((*_rgb(colour), FILL_OPACITY[period.extent]))
        artist.set_edgecolor(colour)
        artist.set_linestyle("-")
        artist.set_hatch("///" if period.extent == "part" else None)


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _path(geom: shapely.Geometry) -> MplPath:
    """One compound path of every ring of a (multi)polygon; an empty shape gives an empty path."""
    rings: Sequence = [
        ring
        for part in shapely.get_parts(geom)
        if part.geom_type == "Polygon"
        for ring in (part.exterior, *part.interiors)
    ]
    if not rings:
        return MplPath(np.empty((0, 2)))
    return MplPath.make_compound_path(*(MplPath(np.asarray(ring.coords), closed=True) for ring in rings))
