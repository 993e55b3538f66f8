/* kitpress: search with Pagefind (publish/search.py writes its index into pagefind/). Nothing
   is downloaded until a reader focuses or types in a search box; then Pagefind's code, and for
   each query only the index fragments that query needs. */
(function () {
  var root = new URL("..", document.currentScript.src); // this file is assets/kitpress-search.js
  var SHOWN = 10;
  var engine = null;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  // Pagefind's excerpt is escaped text with <mark>s: keep exactly those, as text.
  function excerpt(html) {
    var p = document.createElement("p");
    var body = new DOMParser().parseFromString(html, "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    });
    return p;
  }

  function summary(form, count) {
    if (count === 0) return form.dataset.kpNone;
    return (count === 1 ? form.dataset.kpOne : form.dataset.kpOther).replace("#", count);
  }

  function render(form, out, found, pages) {
    out.textContent = "";
    var meta = document.createElement("p");
    meta.className = "kp-search__meta";
    meta.textContent = summary(form, found.results.length);
    out.append(meta);
    var list = document.createElement("ol");
    pages.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var title = document.createElement("strong");
      link.href = page.url;
      title.textContent = page.meta.title || page.url;
      link.append(title, excerpt(page.excerpt));
      item.append(link);
      list.append(item);
    });
    out.append(list);
    out.hidden = false;
  }

  function search(form, query) {
    var out = form.querySelector(".kp-search__results");
    if (!query.trim()) {
      out.hidden = true;
      return Promise.resolve();
    }
    return load()
      .then(function (pagefind) {
        return pagefind.debouncedSearch(query, {}, 200);
      })
      .then(function (found) {
        if (!found) return; // a later keystroke took over
        var first = found.results.slice(0, SHOWN).map(function (r) { return r.data(); });
        return Promise.all(first).then(function (pages) {
          render(form, out, found, pages);
        });
      })
      .catch(function () {
        out.textContent = form.dataset.kpNone;
        out.hidden = false;
      });
  }

  function setup(form) {
    var input = form.querySelector("input");
    var out = form.querySelector(".kp-search__results");
    var page = form.closest(".kp-search-page");
    out.hidden = true;
    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", function () { search(form, input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") out.hidden = true;
    });
    form.addEventListener("submit", function (event) {
      if (!page) return; // the header's box opens the 搜索 page
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      search(form, input.value);
    });
    if (page) {
      var query = new URLSearchParams(location.search).get("q");
      if (query) {
        input.value = query;
        search(form, query);
      }
    } else {
      document.addEventListener("click", function (event) {
        if (!form.contains(event.target)) out.hidden = true;
      });
    }
  }

  document.querySelectorAll("form[data-kp-search]").forEach(setup);
})();
