/* Notes pinned to nodes: the user's own words, saved with their layout (and so read back by
 * them alone), drawn on the canvas beside the node, in its tooltip and details, and in the
 * exported pictures. The server checks each note (at most 500 characters, 200 notes). A role
 * that cannot save layouts is offered no notes.
 *
 * The container says data-note-count.
 */
(function () {
  "use strict";

  var lw = window.linkwatchNetwork, Widget = lw.Widget, el = lw.el;
  var MAX_CHARS = 500, MAX_NOTES = 200;
  var LINE_CHARS = 30, LINES = 3, FONT = 12;
  var FILL = "#fff3b0", EDGE = "#b8921a", INK = "#3b3000";

  /* A note as it is drawn: at most LINES lines of LINE_CHARS, the last cut with an ellipsis. */
  function noteLines(text) {
    var words = String(text).replace(/\s+/g, " ").trim().split(" "), lines = [], line = "";
    words.forEach(function (w) {
      while (w.length > LINE_CHARS) {
        if (line) { lines.push(line); line = ""; }
        lines.push(w.slice(0, LINE_CHARS - 1) + "-");
        w = w.slice(LINE_CHARS - 1);
      }
      if ((line + " " + w).trim().length > LINE_CHARS) { lines.push(line); line = w; }
      else line = (line + " " + w).trim();
    });
    if (line) lines.push(line);
    if (lines.length > LINES) {
      lines = lines.slice(0, LINES);
      lines[LINES - 1] = lines[LINES - 1].slice(0, LINE_CHARS - 1) + "…";
    }
    return lines;
  }

  /* Where a note's box sits, in network units, for a node at ``p`` of radius ``r``, when
   * one screen pixel is ``unit`` network units: above and to the right of the node. */
  Widget.noteBox = function (text, p, r, unit, measure) {
    var lines = noteLines(text), pad = 5 * unit, lh = (FONT + 3) * unit;
    var w = 0;
    lines.forEach(function (l) { w = Math.max(w, measure(l, FONT * unit)); });
    var box = { x: p.x + r * 0.8 + 8 * unit, w: w + 2 * pad, h: lines.length * lh + 2 * pad,
                lines: lines, pad: pad, lh: lh, font: FONT * unit };
    box.y = p.y - r * 0.8 - 8 * unit - box.h;
    box.from = { x: p.x + r * 0.7, y: p.y - r * 0.7 };
    return box;
  };

  Widget.noteStyle = { fill: FILL, edge: EDGE, ink: INK };

  /* Notes on nodes that are drawn now (not hidden, not inside a group). */
  Widget.prototype.drawnNotes = function () {
    var self = this, out = [];
    Object.keys(this.notes || {}).forEach(function (id) {
      if (!self.raw.has(id) || self.hidden.has(id)) return;
      var path = self.network.findNode(id);
      if (path.length !== 1) return;
      out.push({ id: id, text: self.notes[id], p: self.network.getPosition(id),
                 r: self.nodeSize(self.raw.get(id)) });
    });
    return out;
  };

  Widget.prototype.drawNotes = function (ctx) {
    var notes = this.drawnNotes();
    if (!notes.length) return;
    var unit = 1 / this.network.getScale();
    var measure = function (text, size) {
      ctx.font = size + "px system-ui, sans-serif";
      return ctx.measureText(text).width;
    };
    ctx.save();
    notes.forEach(function (n) {
      if (!this.labelsShown()) {
        // Zoomed out: a marker only.
        var s = 9 * unit;
        ctx.fillStyle = FILL;
        ctx.strokeStyle = EDGE;
        ctx.lineWidth = 1.5 * unit;
        ctx.fillRect(n.p.x + n.r * 0.6, n.p.y - n.r * 0.6 - s, s, s);
        ctx.strokeRect(n.p.x + n.r * 0.6, n.p.y - n.r * 0.6 - s, s, s);
        return;
      }
      var b = Widget.noteBox(n.text, n.p, n.r, unit, measure);
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = 1.2 * unit;
      ctx.beginPath();
      ctx.moveTo(b.from.x, b.from.y);
      ctx.lineTo(b.x, b.y + b.h);
      ctx.stroke();
      ctx.fillStyle = FILL;
      ctx.fillRect(b.x, b.y, b.w, b.h);
      ctx.strokeRect(b.x, b.y, b.w, b.h);
      ctx.fillStyle = INK;
      ctx.font = b.font + "px system-ui, sans-serif";
      ctx.textBaseline = "top";
      b.lines.forEach(function (line, i) {
        ctx.fillText(line, b.x + b.pad, b.y + b.pad + i * b.lh);
      });
    }, this);
    ctx.restore();
  };

  Widget.prototype.markNotes = function () {
    this.box.dataset.noteCount = String(Object.keys(this.notes || {}).length);
  };

  Widget.prototype.pinNote = function (id, text) {
    text = String(text || "").trim();
    if (text.length > MAX_CHARS) {
      this.setStatus("A note can be at most " + MAX_CHARS + " characters.", true);
      return;
    }
    if (text && !this.notes[id] && Object.keys(this.notes).length >= MAX_NOTES) {
      this.setStatus("At most " + MAX_NOTES + " notes can be pinned to one network.", true);
      return;
    }
    if (text) this.notes[id] = text; else delete this.notes[id];
    this.refreshNodes([id]);  // the tooltip shows it
    this.markNotes();
    this.buildLegend();
    this.network.redraw();
    this.showDetails(id);
    this.saveLayout(function (saved) {
      return (text ? "Note pinned" : "Note removed") + "; layout saved with " + saved.notes +
             " note" + (saved.notes === 1 ? "" : "s") + ". Only you see your notes.";
    });
  };

  Widget.prototype.noteEditor = function (id, section) {
    var self = this;
    section.textContent = "";
    section.appendChild(el("h3", null, "Your note"));
    var label = el("label", "visually-hidden", "Note on this node");
    var area = el("textarea");
    area.id = "net-note-" + Math.random().toString(36).slice(2);
    label.htmlFor = area.id;
    area.maxLength = MAX_CHARS;
    area.rows = 4;
    area.value = this.notes[id] || "";
    var count = el("span", "net-note-count");
    var counted = function () { count.textContent = area.value.length + " / " + MAX_CHARS; };
    area.addEventListener("input", counted);
    counted();
    var actions = el("p", "net-panel-actions");
    var pin = el("button", null, "Pin note");
    pin.type = "button";
    pin.dataset.note = "pin";
    pin.addEventListener("click", function () { self.pinNote(id, area.value); });
    var cancel = el("button", "secondary", "Cancel");
    cancel.type = "button";
    cancel.addEventListener("click", function () { self.showDetails(id); });
    actions.appendChild(pin);
    actions.appendChild(cancel);
    actions.appendChild(count);
    section.appendChild(label);
    section.appendChild(area);
    section.appendChild(actions);
    area.focus();
  };

  Widget.hook("drawn", function (data) {
    this.notes = Object.assign({}, (data.layout && data.layout.notes) || {});
    this.markNotes();
  });
  Widget.hook("network", function () {
    var self = this;
    this.network.on("afterDrawing", function (ctx) { self.drawNotes(ctx); });
  });
  Widget.hook("tooltip", function (arg) {
    var text = this.notes && this.notes[arg.node.id];
    if (text) arg.box.appendChild(el("div", "note-line", "Your note: " + text));
  });
  Widget.hook("details", function (arg) {
    var id = arg.node.id, text = this.notes[id], self = this;
    if (!text && !this.canSave) return;
    var section = el("div", "net-note");
    if (text) {
      section.appendChild(el("h3", null, "Your note"));
      section.appendChild(el("p", "net-note-text", text));
    }
    if (this.canSave) {
      var actions = el("p", "net-panel-actions");
      var edit = el("button", "secondary", text ? "Edit note" : "Pin a note");
      edit.type = "button";
      edit.dataset.note = "edit";
      edit.addEventListener("click", function () { self.noteEditor(id, section); });
      actions.appendChild(edit);
      if (text) {
        var remove = el("button", "secondary", "Remove note");
        remove.type = "button";
        remove.dataset.note = "remove";
        remove.addEventListener("click", function () { self.pinNote(id, ""); });
        actions.appendChild(remove);
      }
      section.appendChild(actions);
    }
    arg.panel.appendChild(section);
  });
  Widget.hook("save", function (body) {
    body.notes = Object.assign({}, this.notes || {});
  });
  Widget.hook("legend", function (entries) {
    if (Object.keys(this.notes || {}).length) {
      entries.push({ shape: "note", colour: FILL, ring: EDGE,
                     text: "Your note (only you see it)" });
    }
  });
})();
