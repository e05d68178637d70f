/* Exporting the drawing as a PNG (the view as it is on screen, composed on a canvas) or an SVG
 * (the whole chart, built here from the nodes' positions), each framed with the protective
 * marking top and bottom, a title, the legend, the filters it was drawn with, the as-of date
 * and who exported it. The server records the export (and its filters) in the audit log
 * first and gives the words; no audit, no download. Text from the data goes in as text: the
 * canvas draws it, the SVG gets it through textContent (the serialiser escapes it).
 */
(function () {
  "use strict";

  var lw = window.linkwatchNetwork, Widget = lw.Widget;
  var SVG = "http://www.w3.org/2000/svg";
  var FACE = "system-ui, sans-serif";
  var INK = "#14263f", MUTED = "#4a5563", BAND = "#14263f";
  var measurer = document.createElement("canvas").getContext("2d");

  function measure(text, size, weight) {
    measurer.font = (weight || "") + " " + size + "px " + FACE;
    return measurer.measureText(text).width;
  }

  /* The points of a node shape as vis-network draws it (null: a circle). */
  function shapePoints(shape, x, y, r) {
    var pts = [], i;
    if (shape === "square") return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    if (shape === "diamond") return [[x, y + r], [x + r, y], [x, y - r], [x - r, y]];
    if (shape === "triangle") {
      r *= 1.15;
      y += 0.275 * r;
      var s = 2 * r, ir = (Math.sqrt(3) / 6) * s, h = Math.sqrt(s * s - r * r);
      return [[x, y - (h - ir)], [x + r, y + ir], [x - r, y + ir]];
    }
    if (shape === "hexagon") {
      for (i = 0; i < 6; i++) {
        pts.push([x + r * Math.cos((Math.PI / 3) * i), y + r * Math.sin((Math.PI / 3) * i)]);
      }
      return pts;
    }
    if (shape === "star") {
      r *= 0.82;
      y += 0.1 * r;
      for (i = 0; i < 10; i++) {
        var radius = i % 2 === 0 ? r * 1.3 : r * 0.5;
        pts.push([x + radius * Math.sin((i * 2 * Math.PI) / 10),
                  y - radius * Math.cos((i * 2 * Math.PI) / 10)]);
      }
      return pts;
    }
    return null;
  }

  /* --- drawing operations, rendered on a canvas (PNG) or as SVG elements ---------------- */

  function toCanvas(ctx, ops) {
    ops.forEach(function (op) {
      ctx.save();
      if (op.t === "rect") {
        ctx.fillStyle = op.fill || "transparent";
        if (op.fill) ctx.fillRect(op.x, op.y, op.w, op.h);
        if (op.stroke) {
          ctx.strokeStyle = op.stroke;
          ctx.lineWidth = op.sw || 1;
          ctx.strokeRect(op.x, op.y, op.w, op.h);
        }
      } else if (op.t === "line") {
        ctx.strokeStyle = op.stroke;
        ctx.lineWidth = op.sw || 1;
        if (op.dash) ctx.setLineDash(op.dash);
        ctx.beginPath();
        ctx.moveTo(op.x1, op.y1);
        ctx.lineTo(op.x2, op.y2);
        ctx.stroke();
      } else if (op.t === "shape") {
        var pts = shapePoints(op.shape, op.x, op.y, op.r);
        ctx.beginPath();
        if (pts) {
          pts.forEach(function (p, i) {
            if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]);
          });
          ctx.closePath();
        } else {
          ctx.arc(op.x, op.y, op.r, 0, 2 * Math.PI);
        }
        ctx.fillStyle = op.fill;
        ctx.fill();
        if (op.stroke) {
          if (op.dash) ctx.setLineDash(op.dash);
          ctx.strokeStyle = op.stroke;
          ctx.lineWidth = op.sw || 1;
          ctx.stroke();
        }
      } else if (op.t === "text") {
        ctx.font = (op.weight || "") + " " + op.size + "px " + FACE;
        ctx.textAlign = op.anchor === "middle" ? "center" : op.anchor === "end" ? "right" : "left";
        ctx.textBaseline = op.baseline || "alphabetic";
        if (op.halo) {
          ctx.lineWidth = op.halo;
          ctx.strokeStyle = "#ffffff";
          ctx.lineJoin = "round";
          ctx.strokeText(op.text, op.x, op.y);
        }
        ctx.fillStyle = op.fill || INK;
        ctx.fillText(op.text, op.x, op.y);
      }
      ctx.restore();
    });
  }

  function svgEl(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function round(v) { return Math.round(v * 10) / 10; }

  function toSvg(parent, ops) {
    ops.forEach(function (op) {
      if (op.t === "rect") {
        parent.appendChild(svgEl("rect", { x: round(op.x), y: round(op.y), width: round(op.w),
          height: round(op.h), fill: op.fill || "none", stroke: op.stroke,
          "stroke-width": op.stroke ? op.sw || 1 : undefined }));
      } else if (op.t === "line") {
        parent.appendChild(svgEl("line", { x1: round(op.x1), y1: round(op.y1), x2: round(op.x2),
          y2: round(op.y2), stroke: op.stroke, "stroke-width": op.sw || 1,
          "stroke-dasharray": op.dash ? op.dash.join(" ") : undefined }));
      } else if (op.t === "shape") {
        var pts = shapePoints(op.shape, op.x, op.y, op.r);
        var common = { fill: op.fill, stroke: op.stroke,
                       "stroke-width": op.stroke ? op.sw || 1 : undefined,
                       "stroke-dasharray": op.dash ? op.dash.join(" ") : undefined };
        parent.appendChild(pts
          ? svgEl("polygon", Object.assign({ points: pts.map(function (p) {
              return round(p[0]) + "," + round(p[1]); }).join(" ") }, common))
          : svgEl("circle", Object.assign({ cx: round(op.x), cy: round(op.y), r: round(op.r) },
                                          common)));
      } else if (op.t === "text") {
        parent.appendChild(svgEl("text", {
          x: round(op.x), y: round(op.y), "font-size": op.size, "font-weight": op.weight,
          fill: op.fill || INK, "text-anchor": op.anchor || "start",
          "dominant-baseline": op.baseline === "top" ? "hanging"
            : op.baseline === "middle" ? "central" : undefined,
          stroke: op.halo ? "#ffffff" : undefined, "stroke-width": op.halo || undefined,
          "stroke-linejoin": op.halo ? "round" : undefined,
          "paint-order": op.halo ? "stroke" : undefined }, op.text));
      }
    });
  }

  /* --- the frame: marking, title, legend, filters, as-of date ------------------------------ */

  function band(y, width, marking) {
    return [{ t: "rect", x: 0, y: y, w: width, h: 24, fill: BAND },
            { t: "text", x: width / 2, y: y + 12, text: marking, size: 13, weight: "bold",
              fill: "#ffffff", anchor: "middle", baseline: "middle" }];
  }

  Widget.prototype.frameTop = function (info, width) {
    var ops = band(0, width, info.marking);
    ops.push({ t: "text", x: 14, y: 46, text: info.title, size: 16, weight: "bold", fill: INK });
    return { ops: ops, height: 58 };
  };

  Widget.prototype.frameBottom = function (info, width, y0) {
    var ops = [{ t: "line", x1: 0, y1: y0, x2: width, y2: y0, stroke: "#c9d1da", sw: 1 }];
    var x = 14, y = y0 + 22, rowH = 22;
    ops.push({ t: "text", x: x, y: y + 4, text: "Legend", size: 12, weight: "bold", fill: INK });
    x += measure("Legend", 12, "bold") + 16;
    var self = this;
    this.legendEntries().forEach(function (e) {
      var text = e.printed || e.text;  // what a picture says, not what a click does
      var w = 16 + 6 + measure(text, 12) + 18;
      if (x + w > width - 14) { x = 14; y += rowH; }
      ops = ops.concat(self.legendSwatch(e, x + 8, y));
      ops.push({ t: "text", x: x + 22, y: y + 4, text: text, size: 12, fill: INK });
      x += w;
    });
    y += rowH + 4;
    info.filters.concat(["As of " + info.as_of + " · " + info.exported]).forEach(function (line) {
      ops.push({ t: "text", x: 14, y: y, text: line, size: 12, fill: MUTED });
      y += 18;
    });
    ops = ops.concat(band(y, width, info.marking));
    return { ops: ops, height: y + 24 - y0 };
  };

  Widget.prototype.legendSwatch = function (e, x, y) {
    if (e.shape === "ring") {
      return [{ t: "shape", shape: "dot", x: x, y: y, r: 6, fill: e.colour, stroke: e.ring,
                sw: 3 }];
    }
    if (e.shape === "group") {
      return [{ t: "shape", shape: "dot", x: x, y: y, r: 7, fill: e.colour, stroke: e.ring, sw: 2,
                dash: [3, 2] }];
    }
    if (e.shape === "note") {
      return [{ t: "rect", x: x - 7, y: y - 6, w: 14, h: 12, fill: e.colour, stroke: e.ring,
                sw: 1 }];
    }
    return [{ t: "shape", shape: e.shape, x: x, y: y, r: e.shape === "star" ? 8 : 6,
              fill: e.colour }];
  };

  /* --- the chart as drawing operations, in network units (SVG) ----------------------------- */

  Widget.prototype.chartOps = function () {
    var self = this, network = this.network, ops = [], labels = [], edgeLabels = [];
    var where = {}, box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    function grow(x1, y1, x2, y2) {
      box.x1 = Math.min(box.x1, x1); box.y1 = Math.min(box.y1, y1);
      box.x2 = Math.max(box.x2, x2); box.y2 = Math.max(box.y2, y2);
    }
    function label(text, x, y, size, weight) {
      String(text || "").split("\n").forEach(function (line, i) {
        var w = measure(line, size, weight);
        labels.push({ t: "text", x: x, y: y + i * (size + 2), text: line, size: size,
                      weight: weight, fill: "#1d2733", anchor: "middle", baseline: "top",
                      halo: 4 });
        grow(x - w / 2, y + i * (size + 2), x + w / 2, y + (i + 1) * (size + 2));
      });
    }
    var nodes = [];
    this.raw.forEach(function (n, id) {
      if (self.hidden.has(id) || network.findNode(id).length !== 1) return;
      var p = network.getPosition(id), r = self.nodeSize(n), g = self.groups[n.group] || {};
      where[id] = p;
      var ring = n.tier && self.rings[n.tier];
      nodes.push({ t: "shape", shape: g.shape || "dot", x: p.x, y: p.y, r: r,
                   fill: g.color || "#999", stroke: ring || g.color,
                   sw: ring ? (n.tier === 1 ? 5 : 4) : 1 });
      grow(p.x - r, p.y - r, p.x + r, p.y + r);
      label(n.short || lw.firstLine(n.label), p.x, p.y + r + 4, n.centre ? 16 : 14);
    });
    (this.liveGroups ? this.liveGroups() : []).forEach(function (c) {
      where[c.id] = c;
      nodes.push({ t: "shape", shape: c.shape || "dot", x: c.x, y: c.y, r: c.size,
                   fill: c.colour, stroke: "#1f4e8c", sw: 3, dash: [6, 4] });
      grow(c.x - c.size, c.y - c.size, c.x + c.size, c.y + c.size);
      label(c.label, c.x, c.y + c.size + 4, 15);
    });
    var seen = {};
    this.edges.forEach(function (e) {
      if (self.hidden.has(e.from) || self.hidden.has(e.to)) return;
      var a = network.findNode(e.from)[0], b = network.findNode(e.to)[0];
      if (!a || !b || a === b || !where[a] || !where[b]) return;
      var pair = a < b ? a + "|" + b : b + "|" + a;
      if (seen[pair]) return;
      seen[pair] = true;
      ops.push({ t: "line", x1: where[a].x, y1: where[a].y, x2: where[b].x, y2: where[b].y,
                 stroke: "#a3adb8", sw: 1 });
      if (e.label && a === e.from && b === e.to) {
        edgeLabels.push({ t: "text", x: (where[a].x + where[b].x) / 2,
                          y: (where[a].y + where[b].y) / 2, text: e.label, size: 11,
                          fill: "#5b6775", anchor: "middle", baseline: "middle", halo: 3 });
      }
    });
    var notes = [];
    (this.drawnNotes ? this.drawnNotes() : []).forEach(function (n) {
      var b = Widget.noteBox(n.text, n.p, n.r, 1, measure), s = Widget.noteStyle;
      notes.push({ t: "line", x1: b.from.x, y1: b.from.y, x2: b.x, y2: b.y + b.h,
                   stroke: s.edge, sw: 1.2 });
      notes.push({ t: "rect", x: b.x, y: b.y, w: b.w, h: b.h, fill: s.fill, stroke: s.edge,
                   sw: 1 });
      b.lines.forEach(function (line, i) {
        notes.push({ t: "text", x: b.x + b.pad, y: b.y + b.pad + i * b.lh, text: line,
                     size: b.font, fill: s.ink, baseline: "top" });
      });
      grow(b.x, b.y, b.x + b.w, b.y + b.h);
    });
    if (box.x1 === Infinity) box = { x1: 0, y1: 0, x2: 1, y2: 1 };
    return { ops: ops.concat(edgeLabels, nodes, labels, notes), box: box };
  };

  /* --- export ---------------------------------------------------------------------------- */

  Widget.prototype.exportQuery = function (format) {
    var src = new URL(this.src, window.location.href).searchParams;
    var query = new URLSearchParams();
    ["from", "to", "category", "as_of", "depth"].forEach(function (k) {
      if (src.get(k)) query.set(k, src.get(k));
    });
    query.set("format", format);
    if (this.timeQuery) this.timeQuery(query);
    if (this.grouped && this.liveGroups && this.liveGroups().length) {
      query.set("grouped", this.grouped);
    }
    return query;
  };

  Widget.prototype.download = function (blob, filename) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  };

  Widget.prototype.exportImage = function (format) {
    var self = this;
    if (!this.network) return;
    this.fetchJson(this.box.dataset.export + "?" + this.exportQuery(format).toString())
      .then(function (info) {
        if (format === "svg") {
          var text = self.svgText(info);
          self.lastExport = { format: "svg", info: info };
          self.download(new Blob([text], { type: "image/svg+xml" }), info.filename);
          self.setStatus("Exported " + info.filename +
                         " (the whole chart; recorded in the audit log).");
          return;
        }
        self.pngCanvas(info).toBlob(function (blob) {
          self.lastExport = { format: "png", info: info };
          self.download(blob, info.filename);
          self.setStatus("Exported " + info.filename + " (this view; recorded in the audit log).");
        }, "image/png");
      }).catch(function (error) {
        self.setStatus("Could not export: " + error.message, true);
      });
  };

  /* The view on screen, framed: marking, title, the drawing, legend, filters, marking. */
  Widget.prototype.pngCanvas = function (info) {
    var source = this.box.querySelector("canvas");
    var width = Math.max(source.clientWidth, 720), height = source.clientHeight;
    var ratio = source.width / Math.max(1, source.clientWidth);
    var top = this.frameTop(info, width);
    var bottom = this.frameBottom(info, width, top.height + height);
    var out = document.createElement("canvas");
    out.width = Math.round(width * ratio);
    out.height = Math.round((top.height + height + bottom.height) * ratio);
    var ctx = out.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, top.height + height + bottom.height);
    toCanvas(ctx, top.ops);
    ctx.drawImage(source, (width - source.clientWidth) / 2, top.height, source.clientWidth, height);
    toCanvas(ctx, bottom.ops);
    return out;
  };

  /* The whole chart as SVG, framed as the PNG is. */
  Widget.prototype.svgText = function (info) {
    var chart = this.chartOps(), pad = 30;
    var w = chart.box.x2 - chart.box.x1, h = chart.box.y2 - chart.box.y1;
    var width = Math.max(960, Math.ceil(w + 2 * pad));
    var top = this.frameTop(info, width);
    var bottom = this.frameBottom(info, width, top.height + h + 2 * pad);
    var height = Math.ceil(top.height + h + 2 * pad + bottom.height);
    var svg = svgEl("svg", { xmlns: SVG, width: width, height: height,
                             viewBox: "0 0 " + width + " " + height, "font-family": FACE });
    svg.appendChild(svgEl("title", {}, info.marking + " · " + info.title));
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
    toSvg(svg, top.ops);
    var g = svgEl("g", { transform: "translate(" + round((width - w) / 2 - chart.box.x1) + "," +
                                     round(top.height + pad - chart.box.y1) + ")" });
    g.setAttribute("class", "chart");
    toSvg(g, chart.ops);
    svg.appendChild(g);
    toSvg(svg, bottom.ops);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  };

  Widget.hook("action", function (action) {
    if (action === "export" || action === "export-png") this.exportImage("png");
    if (action === "export-svg") this.exportImage("svg");
  });
})();
