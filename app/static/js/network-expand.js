/* Expanding a node: its neighbours from the server, placed in rings round it (facing away
 * from what it is already tied to), nothing already drawn moving. The server's answer is
 * shaped and disclosed as the page's own data is; a pseudonymous victim is found from the
 * offence beside her.
 */
(function () {
  "use strict";

  var lw = window.linkwatchNetwork, Widget = lw.Widget, firstLine = lw.firstLine;
  var PAGE_LIMIT = 1000; // nodes on one page, expansions included
  /* New nodes: rings round the expanded node, this far out, this far apart, and each node at
   * least GAP from every other (network units). */
  var RING = 130, RING_STEP = 75, GAP = 62;

  Widget.prototype.expand = function (id) {
    var self = this;
    var n = this.raw.get(id);
    if (!n) return;
    if (this.box.dataset.settled !== "true") {
      this.showMessage("Still laying out: expand again in a moment.");
      return;
    }
    if (this.nodes.length >= PAGE_LIMIT) {
      this.showMessage("This drawing already has " + this.nodes.length +
                       " nodes: narrow the filters or open a node's own page to go further.");
      return;
    }
    var colon = id.indexOf(":");
    var kind = id.slice(0, colon), key = id.slice(colon + 1);
    var query = this.filterQuery();
    if (n.masked) {
      var offence = this.network.getConnectedNodes(id).filter(function (m) {
        return m.indexOf("offence:") === 0;
      })[0];
      if (!offence) { this.showMessage("This victim cannot be expanded here."); return; }
      query.set("near", offence.slice("offence:".length));
    }
    var url = this.box.dataset.expand + "/" + encodeURIComponent(kind) + "/" +
              encodeURIComponent(key) + "?" + query.toString();
    this.setStatus("Expanding " + firstLine(n.label) + "…");
    this.fetchJson(url).then(function (data) {
      self.merge(id, data);
    }).catch(function (error) {
      self.setStatus("Could not expand: " + error.message, true);
    });
  };

  /* Where new nodes go round ``origin``: rings of slots GAP apart, the first slots facing
   * ``away`` (radians), skipping any slot within GAP of a node already drawn. Nothing that
   * is drawn moves. */
  Widget.placeAround = function (origin, count, taken, away) {
    var cell = GAP, grid = {};
    function keyOf(x, y) { return Math.floor(x / cell) + "," + Math.floor(y / cell); }
    function add(p) { (grid[keyOf(p.x, p.y)] = grid[keyOf(p.x, p.y)] || []).push(p); }
    function free(p) {
      var cx = Math.floor(p.x / cell), cy = Math.floor(p.y / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var near = grid[(cx + dx) + "," + (cy + dy)] || [];
          for (var i = 0; i < near.length; i++) {
            if (Math.hypot(near[i].x - p.x, near[i].y - p.y) < GAP) return false;
          }
        }
      }
      return true;
    }
    taken.forEach(add);
    var out = [];
    for (var ring = 0; out.length < count && ring < 60; ring++) {
      var radius = RING + ring * RING_STEP;
      var slots = Math.max(6, Math.floor((2 * Math.PI * radius) / GAP));
      for (var k = 0; k < slots && out.length < count; k++) {
        // 0, +1, -1, +2, -2 ...: outwards from the direction facing away.
        var step = k % 2 ? (k + 1) / 2 : -k / 2;
        var angle = away + (2 * Math.PI * step) / slots;
        var p = { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) };
        if (free(p)) { out.push(p); add(p); }
      }
    }
    return out;
  };

  Widget.prototype.merge = function (id, data) {
    var self = this;
    var origin = this.network.getPosition(id);
    var room = PAGE_LIMIT - this.nodes.length;
    var fresh = data.nodes.filter(function (n) { return !self.raw.has(n.id); }).slice(0, room);
    // Face away from the nodes already tied to this one (or from the centre).
    var all = this.network.getPositions();
    var sx = 0, sy = 0, count = 0;
    this.network.getConnectedNodes(id).forEach(function (m) {
      if (all[m]) { sx += all[m].x; sy += all[m].y; count += 1; }
    });
    var from = count ? { x: sx / count, y: sy / count } : (all[this.data.centre] || { x: 0, y: 0 });
    var away = (from.x === origin.x && from.y === origin.y) ? -Math.PI / 2
      : Math.atan2(origin.y - from.y, origin.x - from.x);
    var drawn = this.topLevel ? this.topLevel() : all;  // groups stand for their members
    var taken = Object.keys(drawn).filter(function (k) { return !self.hidden.has(k); })
      .map(function (k) { return drawn[k]; });
    var spots = Widget.placeAround(origin, fresh.length, taken, away);
    var added = fresh.map(function (n, i) {
      n.depth = (self.raw.get(id).depth || 0) + 1;
      n.centre = false;
      self.raw.set(n.id, n);
      var v = self.visNode(n);
      v.x = spots[i].x;
      v.y = spots[i].y;
      return v;
    });
    this.nodes.add(added);
    var edges = data.edges.concat(data.links || []).filter(function (e) {
      return self.raw.has(e.from) && self.raw.has(e.to) && !self.edges.get(e.id);
    });
    this.edges.add(edges.map(function (e) { return self.visEdge(e); }));
    this.updateCounts();
    this.buildLegend();
    var note = "Added " + added.length + " node" + (added.length === 1 ? "" : "s") +
               " and " + edges.length + " link" + (edges.length === 1 ? "" : "s") +
               " round " + firstLine(this.raw.get(id).short || this.raw.get(id).label) + ".";
    var hidden = this.emit("merged", added.map(function (v) { return v.id; }));
    if (hidden) note += " Some are outside the time slider's dates and hidden.";
    if (data.message) note += " " + data.message;
    this.showMessage(added.length || data.message ? note : "Nothing new to add from there.");
    this.showDetails(id);
  };

  Object.assign(lw, { RING: RING, RING_STEP: RING_STEP, GAP: GAP });
})();
