/* Two Leaflet maps that pan and zoom together: map.sync(other) makes `other` follow `map`. Ours, in place of the
   Leaflet.Sync plugin that folium's DualMap loads from a CDN: the atlas loads nothing from the internet. Called both
   ways, each map follows the other; the flag stops the follower's own move from being sent back. */
L.Map.include({
  sync: function (other) {
    var leader = this;
    leader.on("move zoomend", function () {
      if (leader._aaFollowing) { return; }
      other._aaFollowing = true;
      other.setView(leader.getCenter(), leader.getZoom(), {animate: false});
      other._aaFollowing = false;
    });
    return leader;
  }
});
