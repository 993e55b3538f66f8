/* kitpress: the 打印定制 page. Fills the sign sheets the build rendered from labels.html and
   labels.css (the page's <template> elements) with the reader's buildings, shows them in a
   preview and prints them through the browser. Nothing leaves the page: what was typed is kept
   only in the address's #hash, so a copied link carries it.
   parseBuildings ports kitpress/content/buildings.py and signsPerPage/numberSize port
   kitpress/printing/labels.py: tests/test_custom_print.py runs both over the same inputs. */
(function () {
  "use strict";

  var MAX_BUILDINGS = 500;
  var RANGE = /^([0-9]{1,4})[-~～–—至到]([0-9]{1,4})$/;
  var SPACED_RANGE = /\s*([-~～–—至到])\s*/g;
  var SEPARATORS = /[,，、;；\s]+/;
  var SUFFIX = /(号楼|号|栋|幢)$/;
  var TOKEN = /^[0-9A-Z\u4e00-\u9fff]{1,8}$/;

  /* Full-width ASCII as Chinese input methods type it (１２, Ａ, ，), and the ideographic space. */
  function halfWidth(text) {
    return text.replace(/[\uff01-\uff5e\u3000]/g, function (c) {
      return c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function expand(token) {
    token = token.toUpperCase().replace(SUFFIX, "");
    var found = RANGE.exec(token);
    if (found) {
      var low = parseInt(found[1], 10), high = parseInt(found[2], 10);
      if (!(low <= high && high - low < MAX_BUILDINGS)) return null;
      var out = [];
      for (var n = low; n <= high; n++) out.push(String(n));
      return out;
    }
    return TOKEN.test(token) ? [token] : null;
  }

  /* Read building numbers; return {names} or {error, token} naming what is wrong. */
  function readBuildings(value) {
    var text = halfWidth(String(value)).trim().replace(SPACED_RANGE, "$1");
    var tokens = text.split(SEPARATORS).filter(Boolean);
    var names = [], seen = {};
    for (var i = 0; i < tokens.length; i++) {
      var expanded = expand(tokens[i]);
      if (expanded === null) return {error: whyBad(tokens[i]), token: tokens[i]};
      for (var j = 0; j < expanded.length; j++) {
        if (seen["_" + expanded[j]]) return {error: "repeat", token: expanded[j]};
        seen["_" + expanded[j]] = true;
        names.push(expanded[j]);
      }
    }
    if (!names.length) return {error: "empty", token: ""};
    if (names.length > MAX_BUILDINGS) return {error: "limit", token: String(names.length)};
    return {names: names};
  }

  function whyBad(token) {
    var t = token.toUpperCase().replace(SUFFIX, "");
    var range = /^([0-9]+)[-~～–—至到]([0-9]+)$/.exec(t);
    if (range) {
      var low = parseInt(range[1], 10), high = parseInt(range[2], 10);
      if (low > high) return "backwards";
      return "limit";
    }
    if (/^[-~～–—至到]|[-~～–—至到]$/.test(t)) return "open";
    if (/[-~～–—至到]/.test(t)) return "letters";
    return "bad";
  }

  /* What kitpress.content.buildings.parse_buildings returns: the names, or null. */
  function parseBuildings(value) {
    var read = readBuildings(value);
    return read.names || null;
  }

  function groupSigns(buildings, perSign) {
    var size = Math.max(1, perSign), out = [];
    for (var i = 0; i < buildings.length; i += size) out.push(buildings.slice(i, i + size));
    return out;
  }

  function isChinese(ch) {
    return ch.codePointAt(0) > 0x2fff;
  }

  function signLabel(group) {
    if (group.length === 1) return group[0];
    var numbers = group.filter(function (b) { return /^[0-9]+$/.test(b) && b[0] !== "0"; })
      .map(function (b) { return parseInt(b, 10); });
    var run = numbers.length === group.length && numbers.every(function (n, i) {
      return n === numbers[0] + i;
    });
    return run ? group[0] + "–" + group[group.length - 1] : group.join("、");
  }

  function labelWidth(label) {
    var width = 0;
    for (var i = 0; i < label.length; i++) width += isChinese(label[i]) ? 1.0 : 0.62;
    return width;
  }

  function signsPerPage(half, labels) {
    var widest = Math.max.apply(null, labels.map(labelWidth));
    return (half.width - 2 * half.margin) / widest >= 60 * half.factor ? 2 : 1;
  }

  function numberSize(page, label, perPage) {
    var tallest = (perPage === 2 ? 80.0 : 120.0) * page.factor;
    var size = Math.min(tallest, (page.width - 2 * page.margin) / labelWidth(label));
    return Math.floor(size * 10 + 0.5) / 10;
  }

  /* A number as Jinja2 prints a Python float (80.0, 96.2), so both markups are the same. */
  function pythonFloat(value) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }

  /* ---- the page ---- */

  function sheetOf(form, size, perPage) {
    var found = form.querySelector(
      'template.kp-sheet[data-size="' + size + '"][data-per-page="' + perPage + '"]');
    var d = found.dataset;
    return {
      template: found,
      width: parseFloat(d.width), height: parseFloat(d.height),
      margin: parseFloat(d.margin), factor: parseFloat(d.factor)
    };
  }

  /* Replace the slots in a sign's text and style; leave out what the template would. */
  function fillSign(sign, values) {
    if (!values.title) remove(sign, ".sign-title");
    if (!values.listed) remove(sign, ".listed");
    if (values.named) remove(sign, ".suffix");
    var walker = document.createTreeWalker(sign, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) node.nodeValue = slots(node.nodeValue, values);
    sign.querySelectorAll("[style]").forEach(function (el) {
      el.setAttribute("style", slots(el.getAttribute("style"), values));
    });
  }

  function slots(text, values) {
    return text.replace(/@@(\w+)@@/g, function (m, key) { return String(values[key]); });
  }

  function remove(root, selector) {
    root.querySelectorAll(selector).forEach(function (el) { el.remove(); });
  }

  /* Build the sheets for the form's values: {sheet, pages: [section…], signs} */
  function buildSheets(form, names, perSign, title, size) {
    var groups = groupSigns(names, perSign);
    var labels = groups.map(signLabel);
    var perPage = signsPerPage(sheetOf(form, size, 2), labels);
    var sheet = sheetOf(form, size, perPage);
    var proto = sheet.template.content.querySelector("section");
    var pages = [];
    for (var i = 0; i < groups.length; i += perPage) {
      var section = proto.cloneNode(true);
      var signs = section.querySelectorAll(".sign");
      for (var k = 0; k < signs.length; k++) {
        var group = groups[i + k];
        if (!group) { signs[k].remove(); continue; }
        var label = labels[i + k];
        fillSign(signs[k], {
          label: label,
          size: pythonFloat(numberSize(sheet, label, perPage)),
          listed: group.length > 1 && label.indexOf("–") >= 0 ? group.join("、") : "",
          named: isChinese(label[label.length - 1]),
          title: title
        });
      }
      pages.push(section);
    }
    return {sheet: sheet, pages: pages, signs: groups.length, perPage: perPage};
  }

  function css(sheet) {
    return sheet.template.content.querySelector("style").textContent;
  }

  function titleBudget(sheet) {
    /* .sign-title is 16 pt (scaled with the paper) with 0.1 em letter spacing, on one line. */
    var charMm = 16 * 25.4 / 72 * sheet.factor * 1.1;
    return Math.floor((sheet.width - 2 * sheet.margin) / charMm);
  }

  function setError(form, field, message) {
    var input = form.querySelector("#kp-" + field);
    var box = form.querySelector("#kp-" + field + "-error");
    if (box.textContent !== message) box.textContent = message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return !message;
  }

  function check(form) {
    var d = form.dataset;
    var ok = true;
    var raw = form.elements.buildings.value;
    var read = raw.trim() ? readBuildings(raw) : {error: "empty", token: ""};
    var message = "";
    if (read.error === "limit") {
      message = format(d.msgLimit, {max: MAX_BUILDINGS, count: countOf(raw, read)});
    } else if (read.error === "backwards") {
      var parts = halfWidth(read.token).split(/[-~～–—至到]/);
      message = format(d.msgBackwards, {token: read.token, fixed: parts[1] + "-" + parts[0]});
    } else if (read.error === "repeat") {
      message = format(d.msgRepeat, {name: read.token});
    } else if (read.error) {
      var key = "msg" + read.error[0].toUpperCase() + read.error.slice(1);
      message = format(d[key], {token: read.token});
    }
    ok = setError(form, "buildings", raw.trim() || form.dataset.touched ? message : "") && ok;
    if (read.error && !raw.trim()) ok = false;
    var perText = halfWidth(form.elements.per_sign.value).trim();
    var perSign = /^[0-9]{1,2}$/.test(perText) ? parseInt(perText, 10) : 0;
    ok = setError(form, "per-sign", perSign >= 1 && perSign <= 50 ? "" : d.msgPerSign) && ok;
    var title = form.elements.title.value.trim();
    var size = form.elements.paper.value;
    var result = null;
    if (read.names && perSign >= 1 && perSign <= 50) {
      result = buildSheets(form, read.names, perSign, title, size);
      var max = titleBudget(result.sheet);
      var width = Math.ceil(labelWidth(title) - 1e-9);
      ok = setError(form, "title", width > max
        ? format(d.msgTitle, {max: max, cut: width - max}) : "") && ok;
    } else {
      setError(form, "title", "");
    }
    return {ok: ok && !!result, result: result, size: size};
  }

  /* The number of buildings a too-long list asks for, counted as the CLI would expand it. */
  function countOf(raw, read) {
    if (/^[0-9]+$/.test(read.token)) return read.token;
    var total = 0;
    halfWidth(raw).replace(SPACED_RANGE, "$1").split(SEPARATORS).filter(Boolean).forEach(
      function (t) {
        var r = /^([0-9]+)[-~～–—至到]([0-9]+)$/.exec(t.toUpperCase().replace(SUFFIX, ""));
        total += r ? Math.max(0, parseInt(r[2], 10) - parseInt(r[1], 10) + 1) : 1;
      });
    return total;
  }

  /* What the browser prints: the form changed last claims it, and nothing prints from it
     until its input is right (a poster's, once it is fitted). */
  var printOwner = null;
  function claimPrint(owner) {
    printOwner = owner;
    document.getElementById("kp-print-out").textContent = "";
    document.getElementById("kp-print-style").textContent = "";
  }

  function setPrint(owner, cssText, nodes, area) {
    var out = document.getElementById("kp-print-out");
    var style = document.getElementById("kp-print-style");
    if (printOwner !== owner) return;
    out.textContent = "";
    style.textContent = "";
    if (!nodes) return;
    nodes.forEach(function (node) { out.appendChild(node); });
    /* Printed: only the sheets, in the design's own CSS (@page included). */
    style.textContent = cssText +
      "\nbody > :not(#kp-print-out) { display: none !important; }" +
      "\nbody { display: block !important; margin: 0 !important; }" +
      "\n#kp-print-out { display: block !important; }" +
      /* The design's own inherited text, not the site's body text. */
      "\nbody { font: inherit !important; letter-spacing: normal !important;" +
      " color: inherit !important; background: none !important; }" +
      /* One page: the design's fixed blocks are placed in the page area, which this box is. */
      (area ? "\n#kp-print-out { contain: layout paint; overflow: hidden; width: " + area[0] +
        "mm; height: " + area[1] + "mm; }" : "");
  }

  function render(form, state) {
    var preview = form.querySelector("#kp-preview");
    var status = form.querySelector("#kp-status");
    preview.textContent = "";
    claimPrint(form);
    if (!state.ok) {
      status.textContent = form.elements.buildings.value.trim()
        ? form.dataset.msgInvalid : form.dataset.msgNothing;
      return;
    }
    var r = state.result;
    status.textContent = format(form.dataset.msgCount, {
      signs: r.signs, pages: r.pages.length, paper: state.size
    });
    setPrint(form, css(r.sheet), r.pages.map(function (s) { return s.cloneNode(true); }));
    showPreview(preview, r);
  }

  /* The preview is the printed document itself, in a frame, scaled down to the column. */
  function showPreview(preview, r) {
    var pxPerMm = 96 / 25.4;
    var width = r.sheet.width * pxPerMm;
    var gap = 4 * pxPerMm;
    var height = r.pages.length * (r.sheet.height * pxPerMm + gap);
    var frame = document.createElement("iframe");
    frame.title = preview.dataset.title || "预览";
    frame.className = "kp-preview-frame";
    frame.setAttribute("tabindex", "-1");
    var body = r.pages.map(function (s) { return s.outerHTML; }).join("\n");
    frame.srcdoc = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>' +
      css(r.sheet) + "\nhtml { background: #999; }" +
      "\n.sheet { background: #fff; width: " + r.sheet.width + "mm; margin: 0 0 4mm;" +
      " overflow: hidden; }</style></head><body>" + body + "</body></html>";
    var box = document.createElement("div");
    box.className = "kp-preview-box";
    box.appendChild(frame);
    preview.appendChild(box);
    function fit() {
      var scale = Math.min(1, Math.min(preview.clientWidth, 480) / width);
      frame.style.width = width + "px";
      frame.style.height = height + "px";
      frame.style.transform = "scale(" + scale + ")";
      box.style.height = Math.ceil(height * scale) + "px";
    }
    fit();
    preview.kpFit = fit;
  }

  var FIELDS = {
    "kp-signs": ["buildings", "per_sign", "title", "paper"],
    "kp-posters": ["poster", "compound", "contact", "place", "date"]
  };

  function saveState() {
    var params = new URLSearchParams();
    Object.keys(FIELDS).forEach(function (id) {
      var form = document.getElementById(id);
      if (!form) return;
      FIELDS[id].forEach(function (name) {
        var value = form.elements[name].value;
        if (value) params.set(name, value);
      });
    });
    var hash = "#" + params.toString();
    if (window.location.hash !== hash) history.replaceState(null, "", hash);
    var link = document.getElementById("kp-link");
    if (link) link.value = window.location.href;
  }

  function loadState(form) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    FIELDS[form.id].forEach(function (name) {
      var value = params.get(name);
      if (value !== null && form.elements[name]) form.elements[name].value = value;
    });
  }

  function setupWeChat() {
    var box = document.getElementById("kp-wechat");
    if (!box || !/MicroMessenger/i.test(navigator.userAgent)) return false;
    box.hidden = false;
    var link = document.getElementById("kp-link");
    link.value = window.location.href;
    document.getElementById("kp-copy").addEventListener("click", function () {
      link.select();
      var done = function () { document.getElementById("kp-copied").textContent = "已复制"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
    return true;
  }

  function setup() {
    var form = document.getElementById("kp-signs");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    MAX_BUILDINGS = parseInt(form.dataset.max, 10) || MAX_BUILDINGS;
    var out = document.createElement("div");
    out.id = "kp-print-out";
    out.hidden = true;
    document.body.appendChild(out);
    var style = document.createElement("style");
    style.id = "kp-print-style";
    style.media = "print";
    document.head.appendChild(style);
    loadState(form);
    var inWeChat = setupWeChat();
    form.hidden = false;
    var state;
    function update() {
      state = check(form);
      render(form, state);
      saveState();
    }
    form.addEventListener("input", update);
    form.addEventListener("change", function () { form.dataset.touched = "1"; update(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("#kp-print").addEventListener("click", function () {
      form.dataset.touched = "1";
      update();
      if (inWeChat) {
        document.getElementById("kp-wechat").scrollIntoView();
        return;
      }
      if (state.ok) window.print();
      else form.querySelector("[aria-invalid=true]") &&
        form.querySelector("[aria-invalid=true]").focus();
    });
    window.addEventListener("resize", function () {
      var p = form.querySelector("#kp-preview");
      if (p.kpFit) p.kpFit();
    });
    update();
    var posters = document.getElementById("kp-posters");
    if (posters) setupPosters(posters, inWeChat);
  }

  /* ---- posters with a compound's own lines and group code ---- */

  var MAX_PICTURE = 5 * 1024 * 1024;
  var LOCAL = ["compound", "contact", "place", "date"];

  function designOf(form) {
    var index = form.elements.poster.value;
    var t = form.querySelector('template.kp-poster-design[data-index="' + index + '"]');
    var d = t.dataset;
    return {
      template: t, paper: d.paper,
      width: parseFloat(d.width), height: parseFloat(d.height), margin: parseFloat(d.margin),
      factor: parseFloat(d.factor), largest: parseFloat(d.largest), floor: parseFloat(d.floor)
    };
  }

  /* A line holds label and value at the floor size on one line of the page's width. */
  function lineBudget(design, label) {
    var charMm = design.floor * 1.1 * 25.4 / 72;
    return Math.floor((design.width - 2 * design.margin) / charMm - 1) - labelWidth(label) - 1;
  }

  function posterNodes(form, design, picture) {
    var variant = design.template.content.querySelector(picture ? "template.group" : "template.plain");
    var content = variant.content.cloneNode(true);
    var cssText = content.querySelector("style").textContent;
    content.querySelector("style").remove();
    var box = content.querySelector(".local");
    var proto = box.querySelector(".local-row");
    LOCAL.forEach(function (name) {
      var input = form.elements[name];
      var value = input.value.trim();
      if (!value) return;
      var row = proto.cloneNode(true);
      row.querySelector("dt").textContent = input.dataset.row;
      row.querySelector("dd").textContent = value;
      box.appendChild(row);
    });
    proto.remove();
    if (!box.querySelector(".local-row")) box.remove();
    if (picture) {
      var group = content.querySelector(".group-code");
      var img = group.querySelector("img");
      img.src = picture;
      img.alt = form.dataset.groupLabel;
      group.querySelector("p").textContent = form.dataset.groupLabel;
    }
    return {css: cssText, nodes: Array.prototype.slice.call(content.childNodes)};
  }

  function setupPosters(form, inWeChat) {
    loadState(form);
    form.hidden = false;
    var picture = "";
    var fitted = null;
    var lastPrint = null;
    var run = 0;
    var preview = form.querySelector("#kp-poster-preview");
    var status = form.querySelector("#kp-poster-status");

    function checkLines(design) {
      var ok = true;
      LOCAL.forEach(function (name) {
        var input = form.elements[name];
        var max = lineBudget(design, input.dataset.row);
        var width = Math.ceil(labelWidth(input.value.trim()) - 1e-9);
        ok = setError(form, name, width > max
          ? format(form.dataset.msgLine, {max: max, cut: width - max}) : "") && ok;
      });
      return ok;
    }

    function update() {
      saveState();
      var design = designOf(form);
      fitted = null;
      lastPrint = null;
      preview.textContent = "";
      status.textContent = "";  /* until this input's preview is laid out */
      claimPrint(form);
      var mine = ++run;
      if (!checkLines(design)) {
        status.textContent = form.dataset.msgInvalid;
        return;
      }
      var built = posterNodes(form, design, picture);
      var pxPerMm = 96 / 25.4;
      var areaW = (design.width - 2 * design.margin) * pxPerMm;
      var areaH = (design.height - 2 * design.margin) * pxPerMm;
      var box = document.createElement("div");
      box.className = "kp-preview-box kp-poster-paper";
      var frame = document.createElement("iframe");
      frame.title = "海报预览";
      frame.className = "kp-preview-frame";
      frame.setAttribute("tabindex", "-1");
      var body = built.nodes.map(function (n) { return n.outerHTML || n.textContent; }).join("");
      /* The frame is the page's printable area: fixed blocks sit where print puts them. */
      frame.srcdoc = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>' +
        built.css + "\nhtml { background: #fff; }</style></head><body>" + body + "</body></html>";
      box.appendChild(frame);
      preview.appendChild(box);
      function scale() {
        var pageW = design.width * pxPerMm;
        var s = Math.min(1, Math.min(preview.clientWidth, 480) / pageW);
        frame.style.width = areaW + "px";
        frame.style.height = areaH + "px";
        frame.style.transform = "scale(" + s + ")";
        frame.style.margin = "0";
        box.style.padding = (design.margin * pxPerMm * s) + "px";
        box.style.width = (pageW * s) + "px";
        box.style.height = (design.height * pxPerMm * s) + "px";
        box.style.boxSizing = "border-box";
      }
      scale();
      preview.kpFit = scale;
      frame.addEventListener("load", function () {
        if (mine !== run) return;
        var size = fit(frame.contentDocument, design);
        if (size < 0) {
          status.textContent = format(form.dataset.msgFit, {lines: overflowLines(frame.contentDocument)});
          return;
        }
        fitted = size;
        status.textContent = format(form.dataset.msgReady, {paper: design.paper});
        var rule = "\nhtml { font-size: " + size + "pt !important; }";
        frame.contentDocument.documentElement.style.fontSize = size + "pt";
        var area = [design.width - 2 * design.margin, design.height - 2 * design.margin - 0.5];
        lastPrint = [built.css + rule, posterNodes(form, design, picture).nodes, area];
        setPrint(form, lastPrint[0], lastPrint[1], lastPrint[2]);
        form.dataset.printed = String(size);
      });
    }

    /* Lower the root size from the largest to the floor until the text ends above its limit. */
    function fit(doc, design) {
      var root = doc.documentElement;
      for (var size = design.largest; size >= design.floor - 1e-9; size = Math.round((size - 0.25) * 100) / 100) {
        root.style.fontSize = size + "pt";
        if (fits(doc)) return size;
      }
      return -1;
    }

    function fits(doc) {
      var end = doc.getElementById("kp-flow-end"), limit = doc.getElementById("kp-flow-limit");
      return end.getBoundingClientRect().top <= limit.getBoundingClientRect().top + 0.5;
    }

    function overflowLines(doc) {
      var end = doc.getElementById("kp-flow-end"), limit = doc.getElementById("kp-flow-limit");
      var over = end.getBoundingClientRect().top - limit.getBoundingClientRect().top;
      var line = parseFloat(doc.defaultView.getComputedStyle(doc.body).lineHeight) || 20;
      return Math.max(1, Math.ceil(over / line));
    }

    var fileInput = form.elements.group;
    var picked = form.querySelector("#kp-group-picked");
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      picture = "";
      picked.textContent = "";
      setError(form, "group", "");
      if (!file) { update(); return; }
      if (!/^image\//.test(file.type)) {
        setError(form, "group", form.dataset.msgNotImage); fileInput.value = ""; update(); return;
      }
      if (file.size > MAX_PICTURE) {
        setError(form, "group", format(form.dataset.msgTooBig, {size: (file.size / 1048576).toFixed(1)}));
        fileInput.value = ""; update(); return;
      }
      /* Read in the page, as a data: address the page's policy allows: nothing is uploaded. */
      var reader = new FileReader();
      reader.onerror = function () { setError(form, "group", form.dataset.msgUnreadable); update(); };
      reader.onload = function () {
        var probe = new Image();
        probe.onload = function () {
          picture = reader.result;
          picked.textContent = format(form.dataset.msgPicked, {name: file.name});
          update();
        };
        probe.onerror = function () {
          fileInput.value = "";
          setError(form, "group", form.dataset.msgUnreadable);
          update();
        };
        probe.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
    form.querySelector("#kp-group-clear").addEventListener("click", function () {
      fileInput.value = ""; picture = ""; picked.textContent = ""; setError(form, "group", "");
      update();
    });
    form.addEventListener("input", function (event) { if (event.target !== fileInput) update(); });
    form.addEventListener("change", function (event) {
      if (event.target === form.elements.poster) update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("#kp-poster-print").addEventListener("click", function () {
      if (inWeChat) { document.getElementById("kp-wechat").scrollIntoView(); return; }
      if (fitted === null) return;
      claimPrint(form);  /* the signs may have printed last */
      setPrint(form, lastPrint[0], lastPrint[1].map(function (n) { return n.cloneNode(true); }),
        lastPrint[2]);
      window.print();
    });
    window.addEventListener("resize", function () { if (preview.kpFit) preview.kpFit(); });
    update();
  }

  window.kitpressPrint = {
    parseBuildings: parseBuildings, readBuildings: readBuildings, groupSigns: groupSigns,
    signLabel: signLabel, signsPerPage: signsPerPage, numberSize: numberSize
  };
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
