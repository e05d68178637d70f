/* linkwatch network widget: draws /api/charts/... JSON with vis-network (served locally, the
 * peer build: vis-data first, styles from its CSS file, nothing injected at run time).
 *
 * Safety: every piece of text from the data goes onto the canvas (vis-network draws labels
 * as text) or into elements through textContent; tooltips are DOM elements built here,
 * never HTML strings. No inline script or style: colours are set through the CSSOM.
 *
 * The container says what it shows for tests and people alike: data-node-count and
 * data-edge-count after each drawing, data-settled="true" once the layout has settled,
 * data-labels="shown" or "hidden" (labels are hidden when zoomed out).
 *
 * This file is the core (drawing, labels, details, layouts). Expanding, the time slider,
 * grouping, notes and export live in network-*.js and hook in through
 * Widget.hook(name, fn), called with the widget as ``this``: "drawn" (new data, before it
 * is drawn), "network" (the vis.Network is made), "settled" (layout done, before
 * data-settled is set), "merged" (an expansion added nodes; true: some are hidden),
 * "details" (a node's details pane was built), "tooltip" (a node's tooltip was built),
 * "click" (true: handled), "legend" (add entries), "save" (the body of a layout about to
 * be saved), "action" (a toolbar button), "filtering" and "filtered" (around the time
 * slider hiding and showing nodes).
 */
(function () {
  "use strict";

  var SIZES = { subject: 18, offence: 13, victim: 14, location: 15, identifier: 11, order: 13 };
  var FONT = 14; // node labels, in network units
  /* Labels are drawn only from this zoom up (vis-network's drawThreshold, in screen pixels
   * of font size). Further out, the centre's, Tier 1 and 2 subjects' and groups' are drawn
   * here instead, at a size that stays readable (FAR_FONT screen pixels). */
  var LABEL_MIN_SCALE = 0.5;
  var FAR_FONT = 11;
  /* vis-network fades a label out over one pixel of font size; the key labels go (and are
   * drawn here instead) where the others start to fade, so that neither shows faint. */
  var FAR_FROM = (FONT * LABEL_MIN_SCALE + 1) / FONT;

  var hooks = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function firstLine(label) {
    return String(label || "").split("\n")[0];
  }

  function threshold(scale, font) {
    // vis-network hides a label when font x scale < drawThreshold - 1.
    return font * scale + 1;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function Widget(container) {
    this.box = container;
    this.root = container.closest(".network-widget");
    this.status = this.root.querySelector(".net-status");
    this.progress = this.root.querySelector(".net-progress");
    this.message = this.root.querySelector(".net-message");
    this.details = this.root.querySelector(".net-details");
    this.legend = this.root.querySelector(".legend-items");
    this.src = container.dataset.src;
    this.kind = container.dataset.kind;
    this.centreId = container.dataset.id;
    this.canSave = container.dataset.canSave === "true";
    this.raw = new Map(); // vis id -> node JSON
    this.hidden = new Set(); // vis ids hidden (by the time slider)
    this.groups = {};
    this.order = [];
    this.rings = {};
    this.network = null;
    this.data = null;
    this.bindButtons();
    this.load();
  }

  /* A feature file adds behaviour: Widget.hook("settled", function () { ... this ... }). */
  Widget.hook = function (name, fn) {
    (hooks[name] = hooks[name] || []).push(fn);
  };

  Widget.prototype.emit = function (name, arg) {
    var handled = false;
    (hooks[name] || []).forEach(function (fn) {
      if (fn.call(this, arg) === true) handled = true;
    }, this);
    return handled;
  };

  Widget.prototype.setStatus = function (text, bad) {
    this.status.textContent = text;
    this.status.classList.toggle("bad", !!bad);
  };

  Widget.prototype.showMessage = function (text) {
    this.message.hidden = !text;
    this.message.textContent = text || "";
  };

  Widget.prototype.bindButtons = function () {
    var self = this;
    this.root.querySelectorAll("button[data-action]").forEach(function (b) {
      b.addEventListener("click", function () {
        var action = b.dataset.action;
        if (action === "fit" && self.network) self.fit();
        if (action === "save") self.saveLayout();
        if (action === "reset") self.resetLayout();
        self.emit("action", action);
      });
    });
  };

  Widget.prototype.filterQuery = function () {
    // The filters of the data URL, carried on to expansions (depth is always 1 there).
    var from = new URL(this.src, window.location.href).searchParams;
    var out = new URLSearchParams();
    ["from", "to", "category", "as_of", "page", "subject"].forEach(function (k) {
      if (from.get(k)) out.set(k, from.get(k));
    });
    return out;
  };

  Widget.prototype.fetchJson = function (url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "The server sent something that is not JSON.",
                 status: response.status };
      }).then(function (body) {
        if (!response.ok || !body.ok) {
          var error = new Error((body && body.error) || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        }
        return body;
      });
    });
  };

  Widget.prototype.load = function () {
    var self = this;
    this.box.dataset.settled = "false";
    this.setStatus("Loading the network…");
    this.fetchJson(this.src).then(function (data) {
      self.box.dataset.fetchedMs = String(Math.round(performance.now()));
      self.draw(data);
    }).catch(function (error) {
      self.setStatus("Could not load the network: " + error.message, true);
      self.progress.hidden = true;
      self.box.dataset.nodeCount = "0";
      self.box.dataset.settled = "true";
    });
  };

  /* A node's tooltip: its full label and details (the canvas shows the short label). */
  Widget.prototype.tooltip = function (node) {
    var box = el("div", "net-tip");
    var lines = String(node.label || "").split("\n");
    box.appendChild(el("strong", null, lines[0]));
    node.details.slice(0, 7).forEach(function (pair) {
      var row = el("div");
      row.appendChild(el("span", "k", pair[0] + ": "));
      row.appendChild(el("span", null, pair[1]));
      box.appendChild(row);
    });
    if (node.tier) box.appendChild(el("div", "tier-line", "Tier " + node.tier));
    this.emit("tooltip", { node: node, box: box });
    return box;
  };

  Widget.prototype.key = function (n) {
    return n.centre || n.tier === 1 || n.tier === 2;
  };

  Widget.prototype.nodeSize = function (n) {
    return (SIZES[n.kind] || 12) * (n.centre ? 1.6 : 1);
  };

  Widget.prototype.visNode = function (n) {
    var style = this.groups[n.group] || {};
    var font = n.centre ? 16 : FONT;
    var v = {
      id: n.id,
      label: n.short || firstLine(n.label),
      group: n.group,
      title: this.tooltip(n),
      size: this.nodeSize(n),
      hidden: this.hidden.has(n.id),
    };
    if (n.centre) v.font = { size: font };
    if (this.key(n)) v.scaling = { label: { drawThreshold: threshold(FAR_FROM, font) } };
    if (n.tier && this.rings[n.tier]) {
      v.borderWidth = n.tier === 1 ? 5 : 4;
      v.color = {
        background: style.color,
        border: this.rings[n.tier],
        highlight: { background: style.color, border: this.rings[n.tier] },
        hover: { background: style.color, border: this.rings[n.tier] },
      };
    }
    return v;
  };

  /* Send whole nodes again: updating part of a node makes vis-network put its group's
   * colours back over the node's own (a tier ring would go). Positions are not sent, so
   * nodes stay where they are. */
  Widget.prototype.refreshNodes = function (ids, extra) {
    var self = this;
    this.nodes.update(ids.filter(function (id) { return self.raw.has(id); }).map(function (id) {
      return Object.assign(self.visNode(self.raw.get(id)), extra ? extra(id) : {});
    }));
  };

  /* Hide exactly ``ids`` (a Set of vis ids), show the rest; their links follow them. */
  Widget.prototype.setHidden = function (ids) {
    var changed = [];
    this.raw.forEach(function (n, id) {
      if (ids.has(id) !== this.hidden.has(id)) changed.push(id);
    }, this);
    this.hidden = ids;
    if (changed.length) this.refreshNodes(changed);
    return changed.length;
  };

  Widget.prototype.visEdge = function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label || undefined,
             title: el("div", "net-tip", e.words) };
  };

  Widget.prototype.visGroups = function () {
    var out = {};
    Object.keys(this.groups).forEach(function (name) {
      var g = this.groups[name];
      out[name] = {
        shape: g.shape,
        color: { background: g.color, border: g.color,
                 highlight: { background: g.color, border: "#111" },
                 hover: { background: g.color, border: "#111" } },
      };
    }, this);
    return out;
  };

  /* Rings by distance from the centre, each node near its nearer neighbours: a layout that
   * physics only has to polish, so that a few hundred nodes settle in well under a second. */
  Widget.prototype.seedPositions = function (nodes, edges) {
    var byDepth = {}, where = {}, near = {};
    nodes.forEach(function (n) { (byDepth[n.depth] = byDepth[n.depth] || []).push(n); });
    edges.forEach(function (e) {
      (near[e.from] = near[e.from] || []).push(e.to);
      (near[e.to] = near[e.to] || []).push(e.from);
    });
    var depths = Object.keys(byDepth).map(Number).sort(function (a, b) { return a - b; });
    depths.forEach(function (d) {
      var ring = byDepth[d];
      if (d === 0) {
        ring.forEach(function (n) { where[n.id] = { x: 0, y: 0, angle: 0 }; });
        return;
      }
      ring.forEach(function (n, i) {
        var sx = 0, sy = 0;
        (near[n.id] || []).forEach(function (m) {
          if (where[m]) { sx += Math.cos(where[m].angle); sy += Math.sin(where[m].angle); }
        });
        n._angle = (sx || sy) ? Math.atan2(sy, sx) : (2 * Math.PI * i) / ring.length;
      });
      ring.sort(function (a, b) { return a._angle - b._angle; });
      var radius = 140 * d + Math.max(0, ring.length - 12) * 5, start = ring[0]._angle;
      ring.forEach(function (n, i) {
        var angle = (2 * Math.PI * i) / ring.length + start;
        where[n.id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle), angle: angle };
        delete n._angle;
      });
    });
    return where;
  };

  Widget.prototype.draw = function (data) {
    var self = this;
    this.data = data;
    this.groups = {};
    this.order = (data.groups || []).map(function (g) { self.groups[g.name] = g; return g.name; });
    this.rings = data.tier_rings || {};
    this.raw.clear();
    this.hidden = new Set();
    data.nodes.forEach(function (n) { self.raw.set(n.id, n); });
    this.emit("drawn", data);
    var saved = (data.layout && data.layout.positions) || {};
    // Small charts start from vis-network's Kamada-Kawai layout (good, but slow beyond a few
    // dozen nodes); bigger ones from rings seeded here.
    var small = data.nodes.length <= 40;
    var seeded = this.seedPositions(data.nodes, data.edges);
    var missing = 0;
    var nodes = data.nodes.map(function (n) {
      var v = self.visNode(n);
      var p = saved[n.id];
      if (p) { v.x = p.x; v.y = p.y; v.fixed = true; } else {
        missing += 1;
        if (!small) { v.x = seeded[n.id].x; v.y = seeded[n.id].y; }
      }
      return v;
    });
    this.nodes = new vis.DataSet(nodes);
    this.edges = new vis.DataSet(data.edges.map(function (e) { return self.visEdge(e); }));
    var big = data.nodes.length > 150;
    var physics = missing > 0;
    var options = {
      autoResize: true,
      groups: this.visGroups(),
      layout: { improvedLayout: small, randomSeed: 7 },
      nodes: {
        font: { size: FONT, face: "system-ui, sans-serif", color: "#1d2733",
                strokeWidth: 4, strokeColor: "#ffffff" },
        borderWidth: 1,
        widthConstraint: { maximum: 180 },
        scaling: { label: { enabled: false, drawThreshold: threshold(LABEL_MIN_SCALE, FONT) } },
      },
      edges: {
        color: { color: "#a3adb8", highlight: "#1f4e8c", hover: "#1f4e8c" },
        width: 1,
        font: { size: 11, color: "#5b6775", strokeWidth: 3, strokeColor: "#ffffff",
                align: "horizontal" },
        // Edge labels go before node labels: they matter less.
        scaling: { label: { enabled: false, drawThreshold: threshold(0.75, 11) } },
        smooth: big ? false : { enabled: true, type: "continuous", roundness: 0.2 },
        selectionWidth: 2,
      },
      physics: {
        enabled: physics,
        solver: "forceAtlas2Based",
        // Longer springs for small charts, whose labels would otherwise overlap.
        forceAtlas2Based: { theta: 0.7, gravitationalConstant: -50, centralGravity: 0.01,
                            springLength: data.nodes.length < 30 ? 130 : big ? 75 : 90,
                            springConstant: 0.07, damping: 0.6, avoidOverlap: 0.6 },
        maxVelocity: 60,
        minVelocity: 1.5,
        timestep: 0.5,
        // Seeded rings need polishing, not untangling: few iterations, fewer when big.
        stabilization: { enabled: true, iterations: data.nodes.length > 250 ? 70 :
                                                    big ? 100 : 150,
                         updateInterval: 25, fit: true },
      },
      interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: big,
                     hideEdgesOnZoom: big, multiselect: false, navigationButtons: false,
                     keyboard: { enabled: true, bindToWindow: false } },
    };
    if (this.network) this.network.destroy();
    this.box.textContent = "";
    this.network = new vis.Network(this.box, { nodes: this.nodes, edges: this.edges }, options);
    this.network.on("stabilizationProgress", function (p) {
      self.progress.hidden = false;
      self.progress.value = Math.round((100 * p.iterations) / p.total);
    });
    this.network.once("stabilizationIterationsDone", function () {
      self.widen();
      self.settle();
    });
    this.network.on("click", function (params) {
      if (self.emit("click", params)) return;
      if (params.nodes.length) self.showDetails(params.nodes[0]);
    });
    this.network.on("doubleClick", function (params) {
      if (params.nodes.length && self.raw.has(params.nodes[0])) self.expand(params.nodes[0]);
    });
    this.network.on("zoom", function () { self.markLabels(); });
    this.network.on("afterDrawing", function (ctx) { self.drawFarLabels(ctx); });
    this.emit("network");
    if (!physics) {
      this.network.once("afterDrawing", function () { self.settle(); });
    }
    this.updateCounts(data);
    this.buildLegend();
    this.showMessage(data.message);
    this.showDetails(data.centre);
  };

  /* Force layouts come out round; charts are wide. Stretch the settled layout sideways to
   * the drawing's shape, which spreads crowded labels without shrinking them. */
  Widget.prototype.widen = function () {
    var pos = this.network.getPositions();
    var keys = Object.keys(pos);
    if (keys.length < 3) return;
    var xs = keys.map(function (k) { return pos[k].x; });
    var ys = keys.map(function (k) { return pos[k].y; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs) || 1;
    var h = Math.max.apply(null, ys) - Math.min.apply(null, ys) || 1;
    var want = this.box.clientWidth / Math.max(1, this.box.clientHeight);
    var factor = Math.min(1.8, want / (w / h));
    if (factor <= 1.05) return;
    var network = this.network;
    keys.forEach(function (k) { network.moveNode(k, pos[k].x * factor, pos[k].y); });
  };

  Widget.prototype.settle = function () {
    if (!this.network) return;
    this.network.setOptions({ physics: { enabled: false } });
    var pinned = this.nodes.get({ filter: function (n) { return n.fixed; } });
    if (pinned.length) {
      var pos = this.network.getPositions(pinned.map(function (n) { return n.id; }));
      this.refreshNodes(pinned.map(function (n) { return n.id; }), function (id) {
        return { fixed: false, x: pos[id].x, y: pos[id].y };
      });
    }
    this.emit("settled");
    this.fit();
    this.progress.hidden = true;
    // Milliseconds since navigation: what the benchmark reads.
    this.box.dataset.settledMs = String(Math.round(performance.now()));
    this.box.dataset.settled = "true";
  };

  /* Fit the drawing, but never blow a handful of nodes up to fill the screen. */
  Widget.prototype.fit = function () {
    this.network.fit({ animation: false });
    if (this.network.getScale() > 1.1) {
      this.network.moveTo({ scale: 1.1, animation: false });
    }
    this.markLabels();
  };

  Widget.prototype.markLabels = function () {
    var shown = this.network.getScale() >= LABEL_MIN_SCALE;
    this.box.dataset.labels = shown ? "shown" : "hidden";
    this.root.classList.toggle("labels-hidden", !shown);
  };

  Widget.prototype.labelsShown = function () {
    return this.box.dataset.labels === "shown";
  };

  /* Zoomed out, the labels that matter most: the centre, Tier 1 and 2 subjects, groups. */
  Widget.prototype.farLabels = function () {
    if (this.network.getScale() >= FAR_FROM) return [];
    var network = this.network, out = [], self = this;
    this.raw.forEach(function (n, id) {
      if (!self.key(n) || self.hidden.has(id) || network.findNode(id).length !== 1) return;
      out.push({ id: id, text: n.short || firstLine(n.label), at: network.getPosition(id),
                 r: self.nodeSize(n) });
    });
    (this.liveGroups ? this.liveGroups() : []).forEach(function (g) {
      out.push({ id: g.id, text: g.label, at: { x: g.x, y: g.y }, r: g.size });
    });
    return out;
  };

  Widget.prototype.drawFarLabels = function (ctx) {
    var labels = this.farLabels();
    if (!labels.length) return;
    var unit = 1 / this.network.getScale(), size = FAR_FONT * unit;
    ctx.save();
    ctx.font = size + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 * unit;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#14263f";
    labels.forEach(function (l) {
      String(l.text).split("\n").forEach(function (line, i) {
        var y = l.at.y + l.r + 2 * unit + i * (size + unit);
        ctx.strokeText(line, l.at.x, y);
        ctx.fillText(line, l.at.x, y);
      });
    });
    ctx.restore();
  };

  Widget.prototype.updateCounts = function (data) {
    var n = this.nodes.length, m = this.edges.length;
    this.box.dataset.nodeCount = String(n);
    this.box.dataset.edgeCount = String(m);
    var text = n.toLocaleString("en-GB") + " nodes, " + m.toLocaleString("en-GB") + " links";
    if (data && data.depth) text += " · depth " + data.depth;
    if (data && data.truncated) text += " (of " + data.total.toLocaleString("en-GB") + ")";
    this.setStatus(text);
  };

  Widget.prototype.legendItem = function (swatchClass, text, colour, ring) {
    var li = el("li");
    var swatch = el("span", "swatch " + swatchClass);
    if (colour) swatch.style.backgroundColor = colour;
    if (ring) swatch.style.borderColor = ring;
    li.appendChild(swatch);
    li.appendChild(el("span", null, text));
    this.legend.appendChild(li);
  };

  /* What the legend shows: the groups and tiers drawn, then what feature files add. */
  Widget.prototype.legendEntries = function () {
    var present = {}, tiers = {}, out = [];
    this.raw.forEach(function (n) {
      present[n.group] = true;
      if (n.tier) tiers[n.tier] = true;
    });
    this.order.forEach(function (name) {
      if (!present[name]) return;
      var g = this.groups[name];
      out.push({ shape: g.shape, colour: g.color, text: g.legend });
    }, this);
    Object.keys(tiers).sort().forEach(function (t) {
      out.push({ shape: "ring", colour: "#1f4e8c", ring: this.rings[t],
                 text: "Tier " + t + " subject (ring)" });
    }, this);
    this.emit("legend", out);
    return out;
  };

  Widget.prototype.buildLegend = function () {
    this.legend.textContent = "";
    this.legendEntries().forEach(function (e) {
      this.legendItem(e.shape === "ring" ? "ring" : "shape-" + e.shape, e.text, e.colour,
                      e.ring);
    }, this);
  };

  Widget.prototype.showDetails = function (id) {
    var n = this.raw.get(id);
    if (!n) return;
    var panel = this.details;
    panel.textContent = "";
    panel.appendChild(el("h2", null, firstLine(n.label)));
    var badges = el("p", "badges");
    badges.appendChild(el("span", "kind kind-" + n.kind, n.kind));
    if (n.tier) badges.appendChild(el("span", "tier t" + n.tier, "Tier " + n.tier));
    if (n.centre) badges.appendChild(el("span", "kind", "centre"));
    panel.appendChild(badges);
    var dl = el("dl", "net-facts");
    n.details.forEach(function (pair) {
      dl.appendChild(el("dt", null, pair[0]));
      dl.appendChild(el("dd", null, pair[1]));
    });
    panel.appendChild(dl);
    var shown = this.network ? this.network.getConnectedEdges(id).length : 0;
    var hidden = Math.max(0, (n.degree || 0) - shown);
    if (hidden) {
      panel.appendChild(el("p", "notice", hidden + " more link" + (hidden === 1 ? "" : "s") +
                           " not drawn (or outside the filters)."));
    }
    var actions = el("p", "net-panel-actions");
    if (n.url && !(n.centre && n.kind === this.kind && this.kind === "location")) {
      var a = el("a", "button secondary",
                 n.kind === "subject" ? "Open subject profile" : "Open location page");
      a.href = n.url;
      actions.appendChild(a);
    }
    var self = this;
    var more = el("button", "secondary", "Expand");
    more.type = "button";
    more.addEventListener("click", function () { self.expand(id); });
    actions.appendChild(more);
    panel.appendChild(actions);
    this.detailsId = id;
    this.emit("details", { node: n, panel: panel });
  };

  /* Node positions (nodes inside a group keep theirs). */
  Widget.prototype.positions = function () {
    var out = {}, raw = this.raw;
    var all = this.network.getPositions();
    Object.keys(all).forEach(function (k) {
      if (raw.has(k)) out[k] = { x: all[k].x, y: all[k].y };
    });
    return out;
  };

  Widget.prototype.postLayout = function (body) {
    return this.fetchJson(this.box.dataset.layout, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
  };

  Widget.prototype.saveLayout = function (done) {
    var self = this;
    if (!this.network) return;
    var body = { positions: this.positions() };
    this.emit("save", body);
    this.postLayout(body).then(function (saved) {
      self.setStatus(done ? done(saved) : "Layout saved (" + saved.nodes + " positions" +
                     (saved.notes ? ", " + saved.notes + " note" + (saved.notes === 1 ? "" : "s")
                                  : "") + "). Only you see it.");
    }).catch(function (error) {
      self.setStatus(error.status === 403 ? "Your role is read-only: layouts cannot be saved."
                                          : "Could not save the layout: " + error.message, true);
    });
  };

  /* Forget the saved positions and lay out again; pinned notes are kept. */
  Widget.prototype.resetLayout = function () {
    var self = this;
    var body = { positions: {} };
    this.emit("save", body);
    var keep = body.notes && Object.keys(body.notes).length;
    var done = keep ? this.postLayout(body) : this.fetchJson(this.box.dataset.layout, {
      method: "DELETE", headers: { "X-CSRFToken": csrfToken() },
    });
    done.then(function () { self.load(); }).catch(function (error) {
      self.setStatus(error.status === 403 ? "Your role is read-only: layouts cannot be changed."
                                          : "Could not reset the layout: " + error.message, true);
    });
  };

  window.linkwatchNetwork = { Widget: Widget, el: el, firstLine: firstLine,
                              LABEL_MIN_SCALE: LABEL_MIN_SCALE, FAR_FROM: FAR_FROM };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".net-canvas[data-src]").forEach(function (box) {
      box.widget = new Widget(box);
    });
  });
})();
