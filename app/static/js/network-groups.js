/* Grouping a large drawing (vis-network's clustering API): every node but the centre folded
 * into one node per kind and venue (offences by seriousness, places by venue type), or per
 * community (Louvain, worked out by the server for a large place's network: the biggest
 * MAX_GROUPS communities each, the smaller ones together). The groups are laid out round the
 * centre in the order their members lie, so that the overview is readable; a click opens a
 * group and its members fan out round it (as an expansion's do), nothing else moving.
 * "Group: none" puts every node back where the layout had it.
 *
 * A place's network of COMMUNITIES_FROM nodes or more (the server sends communities) starts
 * grouped by community. The container says data-group-count (groups drawn) and data-grouped
 * (the way chosen, or "").
 */
(function () {
  "use strict";

  var lw = window.linkwatchNetwork, Widget = lw.Widget, el = lw.el;
  var MAX_GROUPS = 20; // communities drawn as their own group; the rest share one
  var SMALLEST = 3; // a community smaller than this joins the shared group
  var FONT = 14, ASPECT = 1.8;
  var KIND_WORDS = { subject: ["subject", "subjects"], offence: ["offence", "offences"],
                     victim: ["victim", "victims"], location: ["place", "places"],
                     identifier: ["identifier", "identifiers"], order: ["order", "orders"] };
  var GROUP_COLOUR = "#eef3f9", GROUP_BORDER = "#1f4e8c";
  var measurer = document.createElement("canvas").getContext("2d");

  function plural(count, kind) {
    var words = KIND_WORDS[kind] || [kind, kind + "s"];
    return count + " " + words[count === 1 ? 0 : 1];
  }

  function textWidth(text) {
    measurer.font = FONT + "px system-ui, sans-serif";
    return Math.max.apply(null, String(text).split("\n").map(function (l) {
      return measurer.measureText(l).width;
    }));
  }

  Widget.prototype.groupSelect = function () {
    return this.root.querySelector("select[data-control=group]");
  };

  /* The groups of ``mode``: [{key, members}], members being node JSON. */
  Widget.prototype.groupSets = function (mode) {
    var keys = {}, hidden = this.hidden;
    this.raw.forEach(function (n, id) {
      if (n.centre || hidden.has(id)) return;
      var key = mode === "kind" ? n.group : n.community;
      if (key === undefined || key === null) key = "rest";
      (keys[key] = keys[key] || []).push(n);
    });
    var sets = Object.keys(keys).map(function (k) { return { key: String(k), members: keys[k] }; });
    if (mode !== "community") return sets;
    sets.sort(function (a, b) { return b.members.length - a.members.length; });
    var own = sets.filter(function (s, i) {
      return s.key !== "rest" && s.members.length >= SMALLEST && i < MAX_GROUPS;
    });
    var rest = sets.filter(function (s) { return own.indexOf(s) < 0; });
    if (rest.length) {
      own.push({ key: "rest", parts: rest.length,
                 members: [].concat.apply([], rest.map(function (s) { return s.members; })) });
    }
    return own;
  };

  Widget.prototype.groupWords = function (mode, set) {
    var counts = {}, members = set.members;
    members.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    var parts = Object.keys(KIND_WORDS).filter(function (k) { return counts[k]; })
      .map(function (k) { return plural(counts[k], k); });
    if (mode === "kind") {
      return { label: (this.groups[set.key] || {}).legend + " (" + members.length + ")",
               title: parts.join(", ") };
    }
    if (set.key === "rest") {
      return { label: "Small groups (" + members.length + ")",
               title: set.parts + " small groups, tied to the rest only through the centre: " +
                      parts.join(", ") };
    }
    // A community is named after its best-connected subject (or member).
    var lead = members.slice().sort(function (a, b) {
      return (b.kind === "subject") - (a.kind === "subject") || (b.degree || 0) - (a.degree || 0);
    })[0];
    return { label: (lead.short || lw.firstLine(lead.label)).split("\n")[0] + " +" +
                    (members.length - 1),
             title: "Community of " + parts.join(", ") };
  };

  Widget.prototype.groupTooltip = function (words, members) {
    var box = el("div", "net-tip");
    box.appendChild(el("strong", null, words.title));
    members.slice(0, 12).forEach(function (n) {
      box.appendChild(el("div", null, lw.firstLine(n.label)));
    });
    if (members.length > 12) {
      box.appendChild(el("div", "k", "and " + (members.length - 12) + " more"));
    }
    box.appendChild(el("div", "k", "Click to open the group."));
    return box;
  };

  /* Where the groups go: an ellipse round the centre as wide as the drawing, each group at
   * the angle its members lie at, the ellipse long enough for every label. */
  Widget.prototype.groupSpots = function (items, centre) {
    items.forEach(function (g) { g.angle = Math.atan2(g.cy - centre.y, g.cx - centre.x); });
    items.sort(function (a, b) { return a.angle - b.angle; });
    var room = items.map(function (g) { return Math.max(2 * g.size + 30, g.width + 24); });
    var perimeter = room.reduce(function (a, b) { return a + b; }, 0);
    var ry = Math.max(150, perimeter / (2 * Math.PI * Math.sqrt((ASPECT * ASPECT + 1) / 2)));
    var rx = ASPECT * ry, along = -room[0] / 2;
    var start = items.length ? items[0].angle : 0;
    items.forEach(function (g, i) {
      along += room[i] / 2 + (i ? room[i - 1] / 2 : room[0] / 2);
      var angle = start + (2 * Math.PI * along) / perimeter;
      g.x = centre.x + rx * Math.cos(angle);
      g.y = centre.y + ry * Math.sin(angle);
    });
  };

  /* Put every node back where the layout had it: open the groups, return opened members. */
  Widget.prototype.ungroup = function () {
    var self = this, network = this.network, home = this.home || {}, open = this.clusters || [];
    // Off the list first: a redraw while opening must not ask where an opened group is.
    this.clusters = [];
    open.forEach(function (c) {
      network.openCluster(c.id, { releaseFunction: function (where, positions) {
        return positions; // clustered nodes kept their own positions
      } });
    });
    Object.keys(home).forEach(function (id) {
      if (self.raw.has(id)) network.moveNode(id, home[id].x, home[id].y);
    });
    this.home = {};
    this.markGroups();
  };

  /* Group the drawing by ``mode`` ("kind", "community" or "" for none). */
  Widget.prototype.groupBy = function (mode) {
    if (!this.network) return;
    this.ungroup();
    this.grouped = mode || "";
    var select = this.groupSelect();
    if (select) select.value = this.grouped;
    if (!mode) { this.markGroups(); return; }
    var network = this.network, self = this;
    var where = network.getPositions();
    var centre = where[this.data.centre] || { x: 0, y: 0 };
    var items = this.groupSets(mode).map(function (set) {
      var words = self.groupWords(mode, set), x = 0, y = 0;
      set.members.forEach(function (n) { x += where[n.id].x; y += where[n.id].y; });
      var size = Math.min(40, 12 + 3 * Math.sqrt(set.members.length));
      return { set: set, words: words, size: size, width: textWidth(words.label),
               cx: x / set.members.length, cy: y / set.members.length,
               style: mode === "kind" ? self.groups[set.key] || {} : {} };
    });
    this.groupSpots(items, centre);
    items.forEach(function (g) {
      var ids = new Set(g.set.members.map(function (n) { return n.id; }));
      ids.forEach(function (id) { self.home[id] = where[id]; });
      var id = "group:" + mode + ":" + g.set.key;
      var colour = mode === "kind" ? g.style.color : GROUP_COLOUR;
      network.cluster({
        joinCondition: function (options) { return ids.has(options.id); },
        clusterNodeProperties: {
          id: id, label: g.words.label, title: self.groupTooltip(g.words, g.set.members),
          x: g.x, y: g.y, allowSingleNodeCluster: true,
          shape: mode === "kind" ? g.style.shape : "dot", size: g.size, borderWidth: 3,
          shapeProperties: { borderDashes: [6, 4] },
          color: { background: colour, border: GROUP_BORDER,
                   highlight: { background: colour, border: "#111" },
                   hover: { background: colour, border: "#111" } },
          font: { size: FONT, face: "system-ui, sans-serif", color: "#14263f",
                  strokeWidth: 4, strokeColor: "#ffffff" },
          // Zoomed out, the core draws group labels itself (a readable size).
          scaling: { label: { drawThreshold: FONT * lw.FAR_FROM + 1 } },
        },
        clusterEdgeProperties: { color: { color: "#8fa0b3" } },
      });
      self.clusters.push({ id: id, x: g.x, y: g.y, size: g.size, mode: mode, key: g.set.key,
                           members: g.set.members.length, label: g.words.label,
                           shape: mode === "kind" ? g.style.shape : "dot", colour: colour });
    });
    this.markGroups();
  };

  /* Open one group: its members fan out round it, facing away from the centre. */
  Widget.prototype.openGroup = function (id) {
    var network = this.network, self = this;
    var c = (this.clusters || []).filter(function (g) { return g.id === id; })[0];
    var at = network.getPosition(id);
    var members = network.getNodesInCluster(id).map(function (m) { return self.raw.get(m); })
      .filter(Boolean).sort(function (a, b) {
        return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : (b.degree || 0) - (a.degree || 0);
      });
    var taken = [];
    var top = this.topLevel();
    Object.keys(top).forEach(function (k) { if (k !== id) taken.push(top[k]); });
    var centre = top[this.data.centre] || { x: 0, y: 0 };
    var away = Math.atan2(at.y - centre.y, at.x - centre.x);
    var spots = Widget.placeAround(at, members.length, taken, away);
    var spot = {};
    members.forEach(function (n, i) { spot[n.id] = spots[i]; });
    this.clusters = this.clusters.filter(function (g) { return g.id !== id; });
    network.openCluster(id, { releaseFunction: function (where, positions) {
      var out = {};
      Object.keys(positions).forEach(function (k) { out[k] = spot[k] || positions[k]; });
      return out;
    } });
    this.markGroups();
    this.showMessage("Opened " + (c ? c.label : "a group") + ": " + members.length +
                     " node" + (members.length === 1 ? "" : "s") + " round where it was.");
  };

  /* The nodes drawn now, groups included: {id: {x, y}}. */
  Widget.prototype.topLevel = function () {
    var network = this.network, out = {}, self = this;
    this.raw.forEach(function (n, id) {
      if (!self.hidden.has(id) && network.findNode(id).length === 1) {
        out[id] = network.getPosition(id);
      }
    });
    this.liveGroups().forEach(function (c) { out[c.id] = { x: c.x, y: c.y }; });
    return out;
  };

  Widget.prototype.markGroups = function () {
    this.box.dataset.groupCount = String(this.liveGroups().length);
    this.box.dataset.grouped = this.grouped || "";
    this.buildLegend();
  };

  /* The groups drawn now (the ones not opened), where they are. */
  Widget.prototype.liveGroups = function () {
    var network = this.network;
    if (!network) return [];
    return (this.clusters || []).map(function (c) {
      return Object.assign({}, c, network.getPosition(c.id));
    });
  };

  Widget.prototype.isGroup = function (id) {
    return (this.clusters || []).some(function (c) { return c.id === id; });
  };

  Widget.hook("drawn", function (data) {
    this.clusters = [];
    this.home = {};
    var communities = data.nodes.some(function (n) {
      return n.community !== undefined && n.community !== null;
    });
    var select = this.groupSelect();
    if (select) select.querySelector("option[value=community]").disabled = !communities;
    this.grouped = communities && this.kind === "location" ? "community" : "";
  });
  Widget.hook("settled", function () {
    if (this.grouped) this.groupBy(this.grouped); else this.markGroups();
  });
  Widget.hook("filtering", function () {
    if (this.clusters && this.clusters.length) this.ungroup();
  });
  Widget.hook("filtered", function () {
    if (this.grouped) this.groupBy(this.grouped);
  });
  Widget.hook("click", function (params) {
    var id = params.nodes[0];
    if (!id || !this.isGroup(id)) return false;
    this.openGroup(id);
    return true;
  });
  Widget.hook("legend", function (entries) {
    if (this.liveGroups().length) {
      entries.push({ shape: "group", colour: GROUP_COLOUR, ring: GROUP_BORDER,
                     text: "Group of nodes (click to open)",
                     printed: "Group of nodes folded into one" });
    }
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-control=group]");
    if (!select) return;
    var box = select.closest(".network-widget").querySelector(".net-canvas");
    if (box && box.widget && box.widget.network) {
      box.widget.showMessage("");
      box.widget.groupBy(select.value);
      box.widget.fit();
    }
  });
})();
