"use strict";
// The history page's script. Everything from the story goes into the page as text
// (textContent, never markup). The data is described in revtrack/render/report.py.
(function () {
  document.documentElement.classList.add("js");
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, text) => {
    const e = document.createElement(tag);
    if (props) for (const k in props) e.setAttribute(k, props[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const R = D.revisions, W = D.wordings, L = D.lines, N = R.length;
  // Revision rows: [timestamp, label, author, kind, words added, removed, sentences added, edited, moved, deleted, restored, ms]
  const TS = 0, LABEL = 1, AUTHOR = 2, ADDED = 4, REMOVED = 5;
  const silent = (r) => R[r][7] + R[r][9] + R[r][10];
  const TINTS = 8;
  const tint = (r) => "t" + (r ? (r - 1) % TINTS + 1 : 0);
  // Wordings: [text, revision, parent] (+ [introduced, [modified…]] when not the parent's and this revision).
  const text = (v) => W[v][0], made = (v) => W[v][1], parent = (v) => W[v][2];
  const memo = new Map();
  function marks(v) { // [introduced, [modified…]]
    let m = memo.get(v);
    if (m) return m;
    const added = [];
    let x = v;
    while (W[x].length < 4 && W[x][2] >= 0) { added.push(W[x][1]); x = W[x][2]; }
    const base = W[x].length >= 4 ? [W[x][3], W[x][4].slice()] : [W[x][1], []];
    for (let i = added.length - 1; i >= 0; i--) base[1].push(added[i]);
    memo.set(v, base);
    return base;
  }
  // [introduced→modified,…]; a long list of rewordings keeps its first and last two.
  const mark = (v) => {
    const [i, m] = marks(v);
    if (!m.length) return "[" + i + "]";
    return "[" + i + "\u2192" + (m.length > 4 ? [m[0], m[1], "\u2026", m[m.length - 2], m[m.length - 1]] : m).join(",") + "]";
  };
  const newest = (v) => { const [i, m] = marks(v); return m.length ? m[m.length - 1] : i; };
  const short = (ts) => { const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)/.exec(ts); return m ? m[1] + " " + m[2] : ts; };
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const revLabel = (r) => { const x = R[r]; return r + " \u00b7 " + x[TS] + " \u00b7 " + x[LABEL] + (x[AUTHOR] ? " \u2014 " + x[AUTHOR] : ""); };

  // --- Each revision's lines, rebuilt from the deltas -------------------------------------
  // A delta is what a revision keeps of the one before: -1 - start, count for a run of its
  // lines, a line number for a line of its own. A walk composes deltas as pieces (runs of
  // arrays) and flattens them only now and then; flattened states are kept as checkpoints,
  // spaced so that they stay within a budget, so any revision is a few steps from one.
  const BUDGET = 1 << 23; // line numbers kept in checkpoints (32 MB)
  const MAX_PIECES = 96;
  let spacing = 32, kept = 0;
  const cpRevs = [], cpStates = new Map();
  let recent = null; // [revision, state] last built

  function compose(pieces, delta) {
    const offs = new Float64Array(pieces.length + 1);
    for (let i = 0; i < pieces.length; i++) offs[i + 1] = offs[i] + pieces[i][2];
    const out = [];
    let lit = null;
    const add = (src, s, c) => {
      const last = out[out.length - 1];
      if (last && last[0] === src && last[1] + last[2] === s) last[2] += c; else out.push([src, s, c]);
    };
    for (let k = 0; k < delta.length;) {
      const x = delta[k];
      if (x >= 0) { (lit || (lit = [])).push(x); k++; continue; }
      if (lit) { out.push([Int32Array.from(lit), 0, lit.length]); lit = null; }
      let s = -1 - x, c = delta[k + 1];
      k += 2;
      let lo = 0, hi = pieces.length - 1; // the piece holding line s
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (offs[mid] <= s) lo = mid; else hi = mid - 1; }
      for (let i = lo; c > 0; i++) {
        const p = pieces[i], within = s - offs[i], take = Math.min(c, p[2] - within);
        add(p[0], p[1] + within, take);
        c -= take; s += take;
      }
    }
    if (lit) out.push([Int32Array.from(lit), 0, lit.length]);
    return out;
  }

  function flatten(pieces) {
    if (pieces.length === 1 && pieces[0][1] === 0 && pieces[0][2] === pieces[0][0].length) return pieces[0][0];
    let n = 0;
    for (const p of pieces) n += p[2];
    const out = new Int32Array(n);
    let o = 0;
    for (const [src, s, c] of pieces) { out.set(src.subarray(s, s + c), o); o += c; }
    return out;
  }

  function keep(r, state) {
    cpStates.set(r, state);
    cpRevs.push(r);
    cpRevs.sort((a, b) => a - b);
    kept += state.length;
    while (kept > BUDGET && cpRevs.length > 2) { // drop every other checkpoint: the spacing doubles
      const stay = cpRevs.filter((_, i) => i % 2 === 0 || i === cpRevs.length - 1);
      for (const x of cpRevs) if (!stay.includes(x)) { kept -= cpStates.get(x).length; cpStates.delete(x); }
      cpRevs.length = 0;
      cpRevs.push(...stay);
      spacing *= 2;
    }
  }

  function linesOf(r) {
    if (recent && recent[0] === r) return recent[1];
    let lo = 0, hi = cpRevs.length; // checkpoints at or before r
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cpRevs[mid] <= r) lo = mid + 1; else hi = mid; }
    let lastCp = lo ? cpRevs[lo - 1] : -1;
    let start = lastCp, state = lo ? cpStates.get(lastCp) : null;
    if (recent && recent[0] < r && recent[0] > start) { start = recent[0]; state = recent[1]; }
    let pieces = state ? [[state, 0, state.length]] : [];
    for (let k = start + 1; k <= r; k++) {
      pieces = compose(pieces, D.deltas[k]);
      if (k === r) break;
      const due = k - lastCp >= spacing;
      if (due || pieces.length > MAX_PIECES) {
        const flat = flatten(pieces);
        pieces = [[flat, 0, flat.length]];
        if (due) { keep(k, flat); lastCp = k; }
      }
    }
    const out = flatten(pieces);
    if (r - lastCp >= spacing) keep(r, out);
    recent = [r, out];
    return out;
  }

  // Paragraphs of wording numbers: a paragraph starts at the first sentence after a blank line.
  const opened = +$("text").dataset.revision;
  function paragraphs(r) {
    if (r === opened) return D.open;
    const out = [];
    let blank = true;
    for (const id of linesOf(r)) {
      if (id === 0) { blank = true; continue; }
      const ws = L[id];
      if (!ws.length) continue;
      if (blank) { out.push([]); blank = false; }
      const p = out[out.length - 1];
      for (const v of ws) p.push(v);
    }
    return out;
  }

  // --- The text ---------------------------------------------------------------------------
  // A long text is built in slices, the first screen first, so the page answers at once.
  const FIRST = 150, SLICE_MS = 25;
  // The next slice as soon as the browser has handled input and painted (setTimeout(0) would
  // wait 4 ms more each time).
  const channel = new MessageChannel();
  let next = null;
  channel.port1.onmessage = () => { const f = next; next = null; if (f) f(); };
  const later = (f) => { next = f; channel.port2.postMessage(0); };
  let current = +$("rev").value, since = -1, shown = current, shownSince = -1, building = 0;

  function sentence(v, rev) {
    const [i, m] = marks(v);
    let cls = "s " + tint(i);
    if (m.length) cls += " e";
    if (rev > 0 && made(v) === rev) cls += " c";
    if (since >= 0) cls += newest(v) > since ? " new" : " old";
    const s = document.createElement("span");
    s.className = cls;
    s.dataset.v = v;
    s.textContent = text(v);
    s.appendChild(el("sup", null, mark(v)));
    return s;
  }

  function paragraph(ids, rev) {
    const p = document.createElement("p");
    ids.forEach((v, i) => {
      if (i) p.appendChild(document.createTextNode(" "));
      p.appendChild(sentence(v, rev));
    });
    return p;
  }

  function render() {
    const rev = current, art = $("text"), paras = paragraphs(rev), job = ++building;
    art.textContent = "";
    art.dataset.revision = rev;
    art.dataset.complete = "0";
    art.appendChild(el("p", {class: "meta", id: "showing"}, "Revision " + rev + ": " + R[rev][LABEL]));
    art.classList.toggle("since-on", since >= 0);
    shown = rev;
    shownSince = since;
    let k = 0;
    const fill = (limit) => {
      const frag = document.createDocumentFragment(), end = performance.now() + SLICE_MS;
      while (k < paras.length && (limit ? k < limit : performance.now() < end)) frag.appendChild(paragraph(paras[k++], rev));
      art.appendChild(frag);
    };
    const more = () => {
      if (job !== building) return; // another revision was chosen meanwhile
      fill(0);
      if (k < paras.length) later(more); else done();
    };
    const done = () => {
      art.dataset.complete = "1";
      art.dataset.completeMs = Math.round(performance.now());
      $("goto").disabled = !art.querySelector(".s.c");
      roving(art.querySelector(".s"));
    };
    fill(FIRST);
    roving(art.querySelector(".s"));
    if (k < paras.length) later(more); else done();
  }
  // The whole text, now (for "Show the change" before the last slice is in).
  function finish() {
    const art = $("text");
    if (art.dataset.complete === "1") return;
    const rev = shown, paras = paragraphs(rev), have = art.querySelectorAll("p:not(.meta)").length;
    building++;
    const frag = document.createDocumentFragment();
    for (let k = have; k < paras.length; k++) frag.appendChild(paragraph(paras[k], rev));
    art.appendChild(frag);
    art.dataset.complete = "1";
  }

  let queued = false;
  function update() {
    queued = false;
    if (shown !== current || shownSince !== since) render();
  }
  const schedule = () => { if (!queued) { queued = true; requestAnimationFrame(update); } };

  // Keyboard: the text is one stop for Tab; the arrow keys go from sentence to sentence and
  // Enter (or Space) opens a sentence's history.
  let stop = null;
  function roving(s) {
    if (stop === s) return;
    if (stop) stop.removeAttribute("tabindex");
    stop = s;
    if (s) s.tabIndex = 0;
  }
  function step(s, forward) {
    const all = $("text").querySelectorAll(".s");
    const i = Array.prototype.indexOf.call(all, s) + (forward ? 1 : -1);
    return i >= 0 && i < all.length ? all[i] : null;
  }

  // --- The chart --------------------------------------------------------------------------
  const cv = $("chart"), tip = $("chart-tip");
  const words = new Float64Array(N);
  for (let r = 0, w = 0; r < N; r++) { w += R[r][ADDED] - R[r][REMOVED]; words[r] = w; }
  let cssW = 0;
  const xOf = (r) => (r + 0.5) * cssW / N;
  const revAt = (x) => Math.max(0, Math.min(N - 1, Math.floor(x / cssW * N)));

  let bins = null; // per column of the chart: words added, removed, silent changes, length
  function binned(cols) {
    if (bins && bins.cols === cols) return bins;
    const per = N / cols;
    bins = {cols, add: new Float64Array(cols), del: new Float64Array(cols), sil: new Float64Array(cols), len: new Float64Array(cols), top: 1, maxLen: 1};
    for (let r = 0; r < N; r++) {
      const c = Math.min(cols - 1, Math.floor(r / per));
      if (r) { bins.add[c] += R[r][ADDED]; bins.del[c] += R[r][REMOVED]; bins.sil[c] += silent(r); }
      bins.len[c] = words[r];
    }
    for (let c = 0; c < cols; c++) {
      bins.top = Math.max(bins.top, bins.add[c], bins.del[c]);
      bins.maxLen = Math.max(bins.maxLen, bins.len[c]);
    }
    return bins;
  }

  function drawChart() {
    const dpr = window.devicePixelRatio || 1, H = 80;
    cssW = cv.clientWidth || 600;
    cv.width = Math.round(cssW * dpr);
    cv.height = Math.round(H * dpr);
    const ctx = cv.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, H);
    const cols = Math.max(1, Math.min(N, Math.floor(cssW)));
    const {add, del, sil, len, top, maxLen} = binned(cols);
    const y0 = 52, up = 40, down = 26, scale = Math.log1p(top), colW = cssW / cols;
    const barW = Math.max(1, Math.min(colW * 0.7, 14));
    if (since >= 0 && since < current) { // the stretch "changed since" covers
      ctx.fillStyle = "rgba(213,94,0,.10)";
      ctx.fillRect(xOf(since), 0, xOf(current) - xOf(since), H);
    }
    ctx.fillStyle = "#ddd";
    ctx.fillRect(0, y0, cssW, 1);
    for (let c = 0; c < cols; c++) {
      const x = (c + 0.5) * colW - barW / 2;
      if (add[c]) { const h = Math.max(1, up * Math.log1p(add[c]) / scale); ctx.fillStyle = "#009e73"; ctx.fillRect(x, y0 - h, barW, h); }
      if (del[c]) { const h = Math.max(1, down * Math.log1p(del[c]) / scale); ctx.fillStyle = "#d55e00"; ctx.fillRect(x, y0 + 1, barW, h); }
      if (sil[c]) { ctx.fillStyle = "#e69f00"; ctx.fillRect(x, 0, barW, 6); }
    }
    ctx.strokeStyle = "#999";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let c = 0; c < cols; c++) {
      const x = (c + 0.5) * colW, y = H - 2 - (H - 12) * len[c] / maxLen;
      if (c) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    }
    ctx.stroke();
    const cx = Math.round(xOf(current));
    ctx.fillStyle = "#0072b2";
    ctx.fillRect(cx - 1, 0, 2, H);
    ctx.beginPath(); ctx.moveTo(cx - 5, H); ctx.lineTo(cx + 5, H); ctx.lineTo(cx, H - 7); ctx.fill();
  }

  function describe(r) {
    const x = R[r], parts = [];
    if (r) parts.push("+" + x[ADDED] + " \u2212" + x[REMOVED] + " words");
    const s = [];
    if (x[6]) s.push(x[6] + " added");
    if (x[7]) s.push(x[7] + " reworded");
    if (x[8]) s.push(x[8] + " moved");
    if (x[9]) s.push(x[9] + " deleted");
    if (x[10]) s.push(x[10] + " restored");
    if (s.length) parts.push("sentences: " + s.join(", "));
    if (r && silent(r)) parts.push(plural(silent(r), "silent change", "silent changes"));
    return parts.join(" \u00b7 ");
  }

  // --- The list of revisions (only the rows in view exist) --------------------------------
  const list = $("revlist"), inner = $("revlist-inner");
  let rowH = 0;
  function row(r) {
    const x = R[r];
    const b = el("button", {type: "button", class: "row" + (r === current ? " current" : ""), "data-r": r, title: revLabel(r) + "\n" + describe(r)});
    if (r === current) b.setAttribute("aria-current", "true");
    b.style.top = r * rowH + "px";
    b.appendChild(el("span", {class: "n"}, String(r)));
    b.appendChild(el("span", {class: "tm"}, short(x[TS])));
    b.appendChild(el("span", {class: "lb"}, x[LABEL] + (x[AUTHOR] ? " \u2014 " + x[AUTHOR] : "")));
    const w = el("span", {class: "w"});
    w.appendChild(el("ins", null, "+" + x[ADDED]));
    w.appendChild(document.createTextNode(" "));
    w.appendChild(el("del", null, "\u2212" + x[REMOVED]));
    b.appendChild(w);
    b.appendChild(el("span", {class: "sl", title: "silent changes"}, r && silent(r) ? "\u26a0" + silent(r) : ""));
    return b;
  }
  function measure() {
    if (rowH) return;
    const probe = row(0);
    inner.appendChild(probe);
    rowH = probe.getBoundingClientRect().height || 27;
    probe.remove();
    inner.style.height = N * rowH + "px";
  }
  function drawList() {
    measure();
    const top = list.scrollTop, h = list.clientHeight || 200;
    const a = Math.max(0, Math.floor(top / rowH) - 4), b = Math.min(N, Math.ceil((top + h) / rowH) + 4);
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".row");
    const keepFocus = focused ? +focused.dataset.r : -1;
    inner.textContent = "";
    for (let r = a; r < b; r++) inner.appendChild(row(r));
    if (keepFocus >= 0) { const f = inner.querySelector('.row[data-r="' + keepFocus + '"]'); if (f) f.focus({preventScroll: true}); }
  }
  function listShow(r) {
    measure();
    const y = r * rowH, h = list.clientHeight;
    if (y < list.scrollTop || y + rowH > list.scrollTop + h) list.scrollTop = Math.max(0, y - h / 2);
  }
  let listQueued = false;
  list.addEventListener("scroll", () => { if (!listQueued) { listQueued = true; requestAnimationFrame(() => { listQueued = false; drawList(); }); } });

  // --- Choosing a revision ----------------------------------------------------------------
  let diffTouched = false; // the diff fields follow the revision shown until the reader sets them
  function select(r, from) {
    r = Math.max(0, Math.min(N - 1, Math.round(r)));
    current = r;
    const slider = $("slider");
    if (from !== slider) slider.value = r;
    slider.setAttribute("aria-valuetext", revLabel(r));
    if (!diffTouched) { $("from").value = Math.max(0, r - 1); $("to").value = r; }
    if (from !== $("rev")) $("rev").value = r;
    $("info").textContent = revLabel(r) + (describe(r) ? " \u00b7 " + describe(r) : "");
    drawChart();
    listShow(r);
    drawList();
    schedule();
  }
  // A revision field takes a number, or a time (2024-05-01 14:00, with or without a UTC offset;
  // without one, the shown revision's): the latest revision published at or before it, as
  // revtrack's --at does. -1 when there is none.
  const timeOf = (r) => R[r][11];
  // A revision as the command line's --at reads it (Story.find): an index (-1 the last), or a time,
  // the revision published then; a time without an offset is in the base's, a date alone is midnight.
  function revisionAt(value, live) {
    const v = value.trim();
    if (/^-?\d+$/.test(v)) { const k = +v < 0 ? N + +v : +v; return k >= 0 && k < N ? k : -1; }
    if (live) return -1; // a time is read when the field is left (Enter), not while it is typed
    const m = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d?:\d\d(?::\d\d(?:\.\d+)?)?))?\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(v);
    if (!m) return -1;
    const offset = m[3] || (/(Z|[+-]\d\d:?\d\d)$/i.exec(R[0][TS]) || [0, "Z"])[1];
    const hm = (m[2] || "00:00").replace(/^(\d):/, "0$1:");
    const t = Date.parse(m[1] + "T" + hm + offset.replace(/^([+-]\d\d)(\d\d)$/, "$1:$2"));
    if (isNaN(t)) return -1;
    let lo = 0, hi = N;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (timeOf(mid) <= t) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  const intIn = (input, live) => revisionAt(input.value, live);

  $("slider").addEventListener("input", () => select(+$("slider").value, $("slider")));
  // While a number is typed, the revision follows once typing pauses (not at every digit).
  const typed = (f) => { let t = 0; return (e) => { clearTimeout(t); t = setTimeout(() => f(e), 150); }; };
  $("rev").addEventListener("input", typed(() => { const v = intIn($("rev"), true); if (v >= 0) select(v, $("rev")); }));
  $("rev").addEventListener("change", () => { const v = intIn($("rev")); select(v >= 0 ? v : current); });
  $("prev").addEventListener("click", () => select(current - 1));
  $("next").addEventListener("click", () => select(current + 1));
  const setSince = (e) => {
    since = $("since").value.trim() === "" ? -1 : intIn($("since"), e.type === "input");
    if (e.type === "change" && since >= 0) $("since").value = since;
    drawChart();
    schedule();
  };
  $("since").addEventListener("input", typed(setSince));
  $("since").addEventListener("change", setSince);
  inner.addEventListener("click", (e) => { const b = e.target.closest(".row"); if (b) select(+b.dataset.r); });
  list.addEventListener("keydown", (e) => {
    const b = e.target.closest(".row");
    if (!b || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    e.preventDefault();
    const r = +b.dataset.r + (e.key === "ArrowDown" ? 1 : -1);
    if (r < 0 || r >= N) return;
    select(r);
    const f = inner.querySelector('.row[data-r="' + r + '"]');
    if (f) f.focus();
  });
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable))) return;
    if (e.key === "[") { e.preventDefault(); select(current - 1); }
    if (e.key === "]") { e.preventDefault(); select(current + 1); }
  });
  let dragging = false;
  cv.addEventListener("pointerdown", (e) => { dragging = true; cv.setPointerCapture(e.pointerId); select(revAt(e.offsetX)); });
  cv.addEventListener("pointerup", () => { dragging = false; });
  cv.addEventListener("pointermove", (e) => {
    const r = revAt(e.offsetX);
    tip.textContent = revLabel(r) + (describe(r) ? " \u00b7 " + describe(r) : "");
    if (dragging) select(r);
  });
  cv.addEventListener("pointerleave", () => { tip.textContent = ""; });
  $("goto").addEventListener("click", () => {
    finish();
    const s = $("text").querySelector(".s.c");
    if (s) { roving(s); s.scrollIntoView({block: "center"}); s.focus({preventScroll: true}); }
  });
  window.addEventListener("beforeprint", finish);
  window.addEventListener("resize", () => { drawChart(); drawList(); document.documentElement.style.setProperty("--bar", $("bar").offsetHeight + "px"); });

  // --- A sentence's history and the diff of two revisions ----------------------------------
  // Tokens: words, spaces, punctuation (as revtrack splits them, near enough for display).
  const tokenize = (t) => t.match(/[\p{L}\p{N}\p{M}]+(?:['\u2019.:,\/@&\-][\p{L}\p{N}\p{M}]+)*\.?|\s+|[^]/gu) || [];

  // Myers' diff on arrays (tokens or paragraphs); returns [op, text] with op in "=-+".
  // Long stretches that differ everywhere are shown as one removal and one insertion.
  function diff(a, b) {
    let s = 0;
    while (s < a.length && s < b.length && a[s] === b[s]) s++;
    let ea = a.length, eb = b.length;
    while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) { ea--; eb--; }
    const A = a.slice(s, ea), B = b.slice(s, eb);
    const out = [];
    const push = (op, t) => { if (!t) return; if (out.length && out[out.length - 1][0] === op) out[out.length - 1][1] += t; else out.push([op, t]); };
    push("=", a.slice(0, s).join(""));
    const n = A.length, m = B.length;
    if (n + m > 4000 || n === 0 || m === 0) {
      push("-", A.join("")); push("+", B.join(""));
    } else {
      const max = n + m, off = max + 1, v = new Int32Array(2 * max + 3), trace = [];
      let found = false;
      for (let d = 0; d <= max && !found; d++) {
        trace.push(v.slice());
        for (let k = -d; k <= d; k += 2) {
          let x = (k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
          let y = x - k;
          while (x < n && y < m && A[x] === B[y]) { x++; y++; }
          v[off + k] = x;
          if (x >= n && y >= m) { found = true; break; }
        }
      }
      const ops = [];
      let x = n, y = m;
      for (let d = trace.length - 1; d > 0; d--) {
        const vv = trace[d], k = x - y;
        const prevK = (k === -d || (k !== d && vv[off + k - 1] < vv[off + k + 1])) ? k + 1 : k - 1;
        const px = vv[off + prevK], py = px - prevK;
        while (x > px && y > py) { ops.push(["=", A[--x]]); y--; }
        if (x === px) ops.push(["+", B[--y]]); else ops.push(["-", A[--x]]);
      }
      while (x > 0 && y > 0) { ops.push(["=", A[--x]]); y--; }
      ops.reverse();
      for (const [op, t] of ops) push(op, t);
    }
    push("=", a.slice(ea).join(""));
    return out;
  }

  // Two revisions: paragraphs first, then words inside each changed stretch.
  function diffTexts(a, b) {
    const out = [];
    const push = (op, t) => { if (!t) return; if (out.length && out[out.length - 1][0] === op) out[out.length - 1][1] += t; else out.push([op, t]); };
    const coarse = diff(a.split(/(?<=\n\n)/), b.split(/(?<=\n\n)/));
    for (let i = 0; i < coarse.length; i++) {
      const [op, t] = coarse[i];
      if (op === "-" && i + 1 < coarse.length && coarse[i + 1][0] === "+") {
        for (const [o, u] of diff(tokenize(t), tokenize(coarse[i + 1][1]))) push(o, u);
        i++;
      } else push(op, t);
    }
    return out;
  }

  function showDiff(target, a, b, whole) {
    target.textContent = "";
    for (const [op, t] of (whole ? diffTexts(a, b) : diff(tokenize(a), tokenize(b)))) {
      target.appendChild(op === "=" ? document.createTextNode(t) : el(op === "-" ? "del" : "ins", null, t));
    }
  }

  // A sentence's versions, oldest first; a long history shows its first and its latest versions
  // until the reader asks for the rest.
  const SHOWN_VERSIONS = 40;
  function history(v, all) {
    const box = $("history");
    box.textContent = "";
    box.appendChild(el("h2", null, "Sentence history"));
    const chain = [];
    for (let x = v; x >= 0; x = parent(x)) chain.push(x);
    chain.reverse();
    const version = (i) => {
      const x = chain[i], div = el("div", {class: "version"});
      div.appendChild(el("div", {class: "who"}, (i ? "Changed in " : "Appeared in ") + revLabel(made(x))));
      const body = el("div");
      if (i) showDiff(body, text(chain[i - 1]), text(x)); else body.textContent = text(x);
      div.appendChild(body);
      box.appendChild(div);
    };
    const skip = all || chain.length <= SHOWN_VERSIONS ? 0 : chain.length - SHOWN_VERSIONS;
    version(0);
    if (skip) {
      const more = el("button", {type: "button", class: "more"}, "Show the " + (skip).toLocaleString("en") + " versions in between");
      more.addEventListener("click", () => history(v, true));
      box.appendChild(more);
    }
    for (let i = Math.max(1, skip + 1); i < chain.length; i++) version(i);
    box.appendChild(el("p", {class: "hint"}, plural(chain.length, "version", "versions") + "; marks: " + mark(v)));
  }

  const revText = (r) => paragraphs(r).map((p) => p.map(text).join(" ")).join("\n\n");

  $("from").addEventListener("input", () => { diffTouched = true; });
  $("to").addEventListener("input", () => { diffTouched = true; });
  $("diff-go").addEventListener("click", () => {
    const a = intIn($("from")), b = intIn($("to"));
    if (a < 0 || b < 0) { $("diff-out").textContent = "Revisions are numbered 0 to " + (N - 1) + "."; return; }
    showDiff($("diff-out"), revText(a), revText(b), true);
  });
  const open = (s) => {
    const was = $("text").querySelector(".s.sel");
    if (was) was.classList.remove("sel");
    s.classList.add("sel");
    roving(s);
    s.focus({preventScroll: true});
    history(+s.dataset.v);
  };
  $("text").addEventListener("click", (e) => { const s = e.target.closest(".s"); if (s) open(s); });
  $("text").addEventListener("keydown", (e) => {
    const s = e.target.closest(".s");
    if (!s) return;
    let to = null;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(s); return; }
    if (e.key === "ArrowRight" || e.key === "ArrowDown") to = step(s, true);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") to = step(s, false);
    else if (e.key === "Home") to = $("text").querySelector(".s");
    else if (e.key === "End") { finish(); const all = $("text").querySelectorAll(".s"); to = all[all.length - 1]; }
    else return;
    e.preventDefault();
    if (to) { roving(to); to.focus(); }
  });

  // The text of the chosen revision is in the page for readers without scripting
  // (<noscript>, last): with scripting it is built here, the first screen first.
  document.documentElement.style.setProperty("--bar", $("bar").offsetHeight + "px");
  shown = -1;
  select(current);
  update();
  document.body.dataset.ready = "1";
  document.body.dataset.readyMs = Math.round(performance.now());
})();
