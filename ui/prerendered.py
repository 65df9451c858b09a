"""The shared layers of a view as Leaflet JS, rendered once for every reader instead of once per rerun.

st_folium renders every feature group it is given to JS on every rerun: 35% of a rerun's time with 20 readers
(bench/README-load.md), spent again on layers that are the same for everyone who looks at that year with those
filters. Here a shared view's groups are rendered once, exactly as st_folium renders them (its own functions, on a
private copy), and each rerun hands the map light groups that carry that text (ui/map_component.py sends it as it
is). The text is our rendered, escaped output, passed to a template as a value, never as template source.
"""

from dataclasses import dataclass, replace
from textwrap import dedent

import folium
import jinja2

from geo.render.scene import Scene, private_copy

_SCRIPT = jinja2.Template("{% macro script(this, kwargs) %}{{ this.script_js }}{% endmacro %}")


@dataclass(frozen=True, slots=True)
class RenderedLayer:
    """What st_folium needs of a group: its place in the layer control, and its script; and the whole text st_folium
    sends for it in the place it was rendered for (`index` among the map's groups)."""

    name: str
    overlay: bool
    control: bool
    show: bool
    script_js: str
    index: int
    feature_group_js: str


class PrerenderedGroup(folium.FeatureGroup):
    """A feature group whose script was rendered before; st_folium adds it to its map and reads the script."""

    def __init__(self, layer: RenderedLayer) -> None:
        super().__init__(name=layer.name, overlay=layer.overlay, control=layer.control, show=layer.show)
        self._template = _SCRIPT
        self.script_js = layer.script_js
        self.layer = layer

    def render(self, **kwargs) -> None:
        """Nothing to add to the page: the script is all there is."""


def rendered_layers(shared: Scene) -> tuple[RenderedLayer, ...]:
    """The scene's groups rendered as st_folium would at positions 0, 1, …: with the same ids and the same names.

    streamlit_folium is imported here, in a session's run: a component imported when serve.py warms up, outside the
    runtime, registers nowhere and 404s in the browser (tests/screens/test_serve.py)."""
    from streamlit_folium import _get_feature_group_string, generate_leaflet_string, get_full_id

    layers, fmap, scratch = [], folium.Map(tiles=None), folium.Map(tiles=None)  # st_folium adds all groups to one map
    for index, group in enumerate(private_copy(shared).groups):
        group._id = f"feature_group_{index}"
        group.add_to(fmap)
        group.render()
        script = generate_leaflet_string(group, base_id=f"feature_group_{index}").replace(get_full_id(fmap), "map_div")
        layer = RenderedLayer(group.layer_name, group.overlay, group.control, group.show, dedent(script), index, "")
        whole = _get_feature_group_string(PrerenderedGroup(layer), scratch, index)
        layers.append(replace(layer, feature_group_js=whole))
    return tuple(layers)


def groups_of(layers: tuple[RenderedLayer, ...]) -> list[folium.FeatureGroup]:
    """Fresh groups for one rerun: st_folium renames and re-parents what it is given."""
    return [PrerenderedGroup(layer) for layer in layers]
