/* kitpress serve: reload the page after a good build; show a failed build's problems over it.
The server adds this script to the pages it serves (build/site has none). It listens to
/__kitpress/events: each message names the number of good builds and the last failure.
The problems are the project's own text: put in with textContent only, never as HTML. */
(function () {
  "use strict";
  if (window.self !== window.top) return; // a preview frame: the page around it reloads
  var script = document.currentScript;
  var mine = script ? script.getAttribute("data-generation") : null;
  var source = null;
  var overlay = null;
  var dismissed = null; // the failure the reader hid, until another one comes

  function element(name, style, text) {
    var node = document.createElement(name);
    Object.keys(style).forEach(function (key) { node.style[key] = style[key]; });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(state) {
    hide();
    var font = "system-ui, -apple-system, 'Noto Sans CJK SC', sans-serif";
    overlay = element("div", {
      position: "fixed", top: "0", left: "0", right: "0", maxHeight: "100%",
      overflow: "auto", zIndex: "2147483647", boxSizing: "border-box", padding: "1rem",
      background: "#fff", color: "#1a1a1a", borderBottom: "0.3rem solid #b00020",
      boxShadow: "0 0.2rem 1rem rgba(0, 0, 0, 0.35)", font: "16px/1.5 " + font,
    });
    overlay.id = "kitpress-build-failed";
    overlay.setAttribute("role", "alert");
    overlay.lang = state.lang;
    var title = element("p", { margin: "0 0 0.5rem", fontWeight: "bold", color: "#b00020" },
      state.title);
    var text = element("pre", {
      margin: "0 0 0.75rem", whiteSpace: "pre-wrap", overflowWrap: "anywhere",
      font: "15px/1.5 ui-monospace, monospace",
    }, state.error);
    var button = element("button", {
      minHeight: "44px", minWidth: "44px", padding: "0.5rem 1rem", font: "16px " + font,
      color: "#1a1a1a", background: "#eee", border: "1px solid #767676", borderRadius: "4px",
    }, state.hide);
    button.type = "button";
    button.addEventListener("click", function () {
      dismissed = state.error;
      hide();
    });
    overlay.append(title, text, button);
    document.body.append(overlay);
  }

  function heard(event) {
    var state = JSON.parse(event.data);
    if (String(state.generation) !== mine) {
      location.reload();
    } else if (!state.error) {
      dismissed = null;
      hide();
    } else if (state.error !== dismissed && (!overlay || overlay.dataset.error !== state.error)) {
      show(state);
      overlay.dataset.error = state.error;
    }
  }

  function listen() {
    if (source) return;
    source = new EventSource("/__kitpress/events");
    source.onmessage = heard;
  }

  // A browser opens six connections per server at most: a tab in the background gives its
  // stream back, and asks again (reloading if a build came in between) when it is shown.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      listen();
    } else if (source) {
      source.close();
      source = null;
    }
  });
  if (!document.hidden) listen();
})();
