"""Every colour the atlas draws with, named for what it means, so a change of scheme is one edit and a review of
contrast or colour-blind safety reads one file.

Categories (statuses, ACLED event types, who held an area) use Okabe & Ito's set, which stays distinguishable with
the common colour-vision deficiencies; hexagon counts use ColorBrewer's sequential YlOrRd, light for few. The same
value may carry two names when it means two things (the land of the basemap is also a non-member's cell in a chart).
"""

from geo.alliance.control import Control
from geo.alliance.membership import Status

# Okabe & Ito, "Color Universal Design" (2008).
BLUE, ORANGE, REDDISH_PURPLE, BLUISH_GREEN = "#0072B2", "#E69F00", "#CC79A7", "#009E73"
VERMILLION, SKY_BLUE, YELLOW, BLACK = "#D55E00", "#56B4E9", "#F0E442", "#000000"
WINE = "#882255"  # Paul Tol's muted wine: a sixth category beside the Okabe & Ito ones
WHITE = "#ffffff"

# Text and strokes, darkest first.
INK = "#222222"  # bases, hexagon counts
COUNTRY_EDGE = "#333333"  # the outline of a shaded country; titles drawn on pictures
CAPTION = "#444444"  # picture source line; a curated feature of no known kind
MARKER_EDGE = "#555555"  # hollow and other-town markers
HALO = "rgba(85,85,85,.2)"  # an imported event known only to a province or country
RUNNER_UP = "#777777"  # a place that is a candidate but not the chosen one
SELECTED = INK  # the ring around the selected event
LEGEND_BOX, SHADOW = "rgba(255,255,255,.92)", "rgba(0,0,0,.3)"  # the legend floats over the map

# The offline basemap.
LAND, LAND_EDGE, WATER = "#eeebe4", "#a7a29a", "#cfe3ef"
NON_MEMBER = LAND  # a country with no status: unshaded, on the map and in the membership matrix

# Curated regions and borders; "my event" markers share the region's purple, which no event category uses.
REGION_LINE, CORRIDOR_LINE, BORDER_LINE = "#7a0177", "#d7301f", "#252525"
MY_EVENT = REGION_LINE
CHOSEN_PLACE = CORRIDOR_LINE  # the resolved place on the Places and Ingest maps

# Imported events: event types beyond ACLED's six, then hexagon counts (few to many) and their edges.
OTHER_TYPES = (SKY_BLUE, YELLOW, "#8c510a", "#5e3c99", "#666666", "#1b7837")
COUNT_SCALE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
COUNT_EDGE = "#7f2704"

# Marks in a highlighted article: a pale fill with an underline in the strong colour; the Ingest map's dots for
# the places found take the underline's colour.
PLACE_MARK, PLACE_UNDERLINE = "#fde9b6", ORANGE
DATE_MARK, DATE_UNDERLINE = "#d7ecf7", BLUE

# What each category is drawn in. Control uses the Okabe & Ito colours the statuses do not, so a shaded district
# never reads as a CSTO status.
STATUS_COLOURS = {
    Status.MEMBER: BLUE,
    Status.SUSPENDED: ORANGE,
    Status.WITHDRAWN: REDDISH_PURPLE,
    Status.OBSERVER: BLUISH_GREEN,
}
CONTROL_COLOURS = {
    Control.AZERBAIJAN: SKY_BLUE,
    Control.ARMENIAN: VERMILLION,
    Control.CONTESTED: YELLOW,
    Control.PEACEKEEPERS: BLACK,
    Control.BLOCKADED: WINE,
}
ACLED_TYPE_COLOURS = {
    "Battles": VERMILLION,
    "Explosions/Remote violence": REDDISH_PURPLE,
    "Violence against civilians": BLACK,
    "Protests": BLUE,
    "Riots": ORANGE,
    "Strategic developments": BLUISH_GREEN,
}
FEATURE_COLOURS = {"region": REGION_LINE, "corridor": CORRIDOR_LINE, "border": BORDER_LINE}
