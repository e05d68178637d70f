/* linkwatch network widget: draws /api/charts/subject/... JSON with vis-network (served locally).
 *
 * Safety: every piece of text from the data goes onto the canvas (vis-network draws labels
 * as text) or into elements through textContent; tooltips are DOM elements built here,
 * never HTML strings. No inline script or style: colours are set through the CSSOM.
 *
 * The container says what it shows for tests and people alike: data-node-count and
 * data-edge-count after each drawing, data-settled="true" once the layout has settled.
 */
(function () {
  "use strict";

  var SIZES = { subject: 18, offence: 13, victim: 14, location: 15, identifier: 11, order: 13 };
  var PAGE_LIMIT = 1000; // nodes on one page, expansions included

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function firstLine(label) {
    return String(label || "").split("\n")[0];
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function tooltip(node) {
    var box = el("div", "net-tip");
    box.appendChild(el("strong", null, firstLine(node.label)));
    node.details.slice(0, 7).forEach(function (pair) {
      var row = el("div");
      row.appendChild(el("span", "k", pair[0] + ": "));
      row.appendChild(el("span", null, pair[1]));
      box.appendChild(row);
    });
    if (node.tier) box.appendChild(el("div", "tier-line", "Tier " + node.tier));
    return box;
  }

  function edgeTooltip(edge) {
    return el("div", "net-tip", edge.words);
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
    this.raw = new Map(); // vis id -> node JSON
    this.groups = {};
    this.order = [];
    this.rings = {};
    this.network = null;
    this.bindButtons();
    this.load();
  }

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
        if (action === "export") self.exportPng();
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

  Widget.prototype.visNode = function (n) {
    var style = this.groups[n.group] || {};
    var v = {
      id: n.id,
      label: n.label,
      group: n.group,
      title: tooltip(n),
      size: (SIZES[n.kind] || 12) * (n.centre ? 1.6 : 1),
    };
    if (n.centre) v.font = { size: 16 };
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

  Widget.prototype.visEdge = function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label || undefined,
             title: edgeTooltip(e) };
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
      var radius = 140 * d + Math.max(0, ring.length - 12) * 5;
      ring.forEach(function (n, i) {
        var angle = (2 * Math.PI * i) / ring.length + ring[0]._angle;
        where[n.id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle), angle: angle };
      });
    });
    return where;
  };

  Widget.prototype.draw = function (data) {
    var self = this;
    this.groups = {};
    this.order = (data.groups || []).map(function (g) { self.groups[g.name] = g; return g.name; });
    this.rings = data.tier_rings || {};
    this.raw.clear();
    data.nodes.forEach(function (n) { self.raw.set(n.id, n); });
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
        font: { size: 14, face: "system-ui, sans-serif", color: "#1d2733",
                strokeWidth: 4, strokeColor: "#ffffff" },
        borderWidth: 1,
        widthConstraint: { maximum: 180 },
      },
      edges: {
        color: { color: "#a3adb8", highlight: "#1f4e8c", hover: "#1f4e8c" },
        width: 1,
        font: { size: 11, color: "#5b6775", strokeWidth: 3, strokeColor: "#ffffff",
                align: "horizontal" },
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
      if (params.nodes.length) self.showDetails(params.nodes[0]);
    });
    this.network.on("doubleClick", function (params) {
      if (params.nodes.length) self.expand(params.nodes[0]);
    });
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
      // Updating part of a node makes vis-network forget colours set on the node (its
      // group's win), so send the whole node again, tier ring included.
      var self = this, pos = this.network.getPositions(pinned.map(function (n) { return n.id; }));
      this.nodes.update(pinned.map(function (n) {
        return Object.assign(self.visNode(self.raw.get(n.id)),
                             { fixed: false, x: pos[n.id].x, y: pos[n.id].y });
      }));
    }
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

  Widget.prototype.buildLegend = function () {
    var present = {}, tiers = {};
    this.raw.forEach(function (n) {
      present[n.group] = true;
      if (n.tier) tiers[n.tier] = true;
    });
    this.legend.textContent = "";
    this.order.forEach(function (name) {
      if (!present[name]) return;
      var g = this.groups[name];
      var li = el("li");
      var swatch = el("span", "swatch shape-" + g.shape);
      swatch.style.backgroundColor = g.color;
      li.appendChild(swatch);
      li.appendChild(el("span", null, g.legend));
      this.legend.appendChild(li);
    }, this);
    Object.keys(tiers).sort().forEach(function (t) {
      var li = el("li");
      var ring = el("span", "swatch ring");
      ring.style.borderColor = this.rings[t];
      li.appendChild(ring);
      li.appendChild(el("span", null, "Tier " + t + " subject (ring)"));
      this.legend.appendChild(li);
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
  };

  Widget.prototype.expand = function (id) {
    var self = this;
    var n = this.raw.get(id);
    if (!n) return;
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

  Widget.prototype.merge = function (id, data) {
    var self = this;
    var origin = this.network.getPosition(id);
    var room = PAGE_LIMIT - this.nodes.length;
    var fresh = data.nodes.filter(function (n) { return !self.raw.has(n.id); }).slice(0, room);
    var radius = 110 + fresh.length * 4;
    var added = fresh.map(function (n, i) {
      n.depth = (self.raw.get(id).depth || 0) + 1;
      n.centre = false;
      self.raw.set(n.id, n);
      var v = self.visNode(n);
      var angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
      v.x = origin.x + radius * Math.cos(angle);
      v.y = origin.y + radius * Math.sin(angle);
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
               " and " + edges.length + " link" + (edges.length === 1 ? "" : "s") + ".";
    if (data.message) note += " " + data.message;
    this.showMessage(added.length || data.message ? note : "Nothing new to add from there.");
    this.showDetails(id);
  };

  Widget.prototype.positions = function () {
    var out = {};
    var all = this.network.getPositions();
    Object.keys(all).forEach(function (k) { out[k] = { x: all[k].x, y: all[k].y }; });
    return out;
  };

  Widget.prototype.saveLayout = function () {
    var self = this;
    if (!this.network) return;
    this.fetchJson(this.box.dataset.layout, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ positions: this.positions() }),
    }).then(function (body) {
      self.setStatus("Layout saved (" + body.nodes + " positions). Only you see it.");
    }).catch(function (error) {
      self.setStatus(error.status === 403 ? "Your role is read-only: layouts cannot be saved."
                                          : "Could not save the layout: " + error.message, true);
    });
  };

  Widget.prototype.resetLayout = function () {
    var self = this;
    this.fetchJson(this.box.dataset.layout, {
      method: "DELETE", headers: { "X-CSRFToken": csrfToken() },
    }).then(function () { self.load(); }).catch(function (error) {
      self.setStatus(error.status === 403 ? "Your role is read-only: layouts cannot be changed."
                                          : "Could not reset the layout: " + error.message, true);
    });
  };

  /* The drawing as a PNG with its protective marking, drawn on white. The export is
   * audited on the server first; no audit, no download. */
  Widget.prototype.exportPng = function () {
    var self = this;
    var source = this.box.querySelector("canvas");
    if (!source) return;
    this.fetchJson(this.box.dataset.export + "?format=png").then(function (info) {
      var band = 34 * (window.devicePixelRatio || 1);
      var out = document.createElement("canvas");
      out.width = source.width;
      out.height = source.height + band;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(source, 0, band);
      ctx.fillStyle = "#14263f";
      ctx.fillRect(0, 0, out.width, band);
      ctx.fillStyle = "#ffffff";
      ctx.font = Math.round(band * 0.42) + "px system-ui, sans-serif";
      ctx.textBaseline = "middle";
      ctx.fillText(info.caption, band * 0.4, band / 2);
      out.toBlob(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = info.filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
        self.setStatus("Exported " + info.filename + " (recorded in the audit log).");
      }, "image/png");
    }).catch(function (error) {
      self.setStatus("Could not export: " + error.message, true);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".net-canvas[data-src]").forEach(function (box) {
      box.widget = new Widget(box);
    });
  });
})();
