"use strict";
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
  const mark = (v) => { const x = D.versions[v]; return x[2].length ? "[" + x[1] + "\u2192" + x[2].join(",") + "]" : "[" + x[1] + "]"; };
  const revLabel = (r) => { const x = D.revisions[r]; return r + " \u00b7 " + x.timestamp + " \u00b7 " + x.label + (x.author ? " \u2014 " + x.author : ""); };

  function render(rev) {
    const art = $("text");
    art.textContent = "";
    art.dataset.revision = rev;
    art.appendChild(el("p", {class: "meta", id: "showing"}, "Revision " + rev + ": " + D.revisions[rev].label));
    const since = +$("since").value;
    art.classList.toggle("since-on", since >= 0);
    for (const para of D.states[rev]) {
      const p = el("p");
      para.forEach((v, i) => {
        const x = D.versions[v];
        const newest = Math.max(x[1], ...x[2]);
        const cls = ["s", "r" + x[1]];
        if (x[2].length) cls.push("edited");
        if (since >= 0) cls.push(newest > since ? "new" : "old");
        const s = el("span", {class: cls.join(" "), tabindex: "0", "data-v": v}, x[0]);
        s.appendChild(el("sup", {class: "m"}, mark(v)));
        if (i) p.appendChild(document.createTextNode(" "));
        p.appendChild(s);
      });
      art.appendChild(p);
    }
    document.querySelectorAll("#timeline tr[data-r]").forEach((tr) => tr.classList.toggle("current", +tr.dataset.r === rev));
  }

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

  function history(v) {
    const box = $("history");
    box.textContent = "";
    box.appendChild(el("h2", null, "Sentence history"));
    const chain = [];
    for (let x = v; x >= 0; x = D.versions[x][4]) chain.unshift(x);
    chain.forEach((x, i) => {
      const div = el("div", {class: "version"});
      const r = D.versions[x][3];
      div.appendChild(el("div", {class: "who"}, (i ? "Changed in " : "Appeared in ") + revLabel(r)));
      const body = el("div");
      if (i) showDiff(body, D.versions[chain[i - 1]][0], D.versions[x][0]); else body.textContent = D.versions[x][0];
      div.appendChild(body);
      box.appendChild(div);
    });
    box.appendChild(el("p", {class: "hint"}, "Marks: " + mark(v)));
  }

  const revText = (r) => D.states[r].map((p) => p.map((v) => D.versions[v][0]).join(" ")).join("\n\n");

  $("rev").addEventListener("change", () => render(+$("rev").value));
  $("since").addEventListener("change", () => render(+$("rev").value));
  $("diff-go").addEventListener("click", () => showDiff($("diff-out"), revText(+$("from").value), revText(+$("to").value), true));
  const open = (e) => { const s = e.target.closest(".s"); if (s) history(+s.dataset.v); };
  $("text").addEventListener("click", open);
  $("text").addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(e); } });
  document.querySelectorAll("#timeline tr[data-r]").forEach((tr) => tr.addEventListener("click", () => { $("rev").value = tr.dataset.r; render(+tr.dataset.r); }));
  render(+$("rev").value);
  document.body.dataset.ready = "1";
})();
