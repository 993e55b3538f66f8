/* kitpress: narrow the catalog by scenario and audience. Works with Material's instant
   navigation (document$) and without it; the lists stay complete when scripts are off. */
(function () {
  function setup() {
    var box = document.querySelector(".kp-filter");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    box.hidden = false;
    var selects = box.querySelectorAll("select[data-kp-filter]");
    var packs = document.querySelectorAll(".kp-pack");
    var empty = document.querySelector(".kp-empty");
    var count = box.querySelector(".kp-count");
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.dataset.kpFilter);
      if (wanted) s.value = wanted;
    });
    function apply() {
      var shown = 0;
      packs.forEach(function (p) {
        var ok = true;
        selects.forEach(function (s) {
          var tags = (p.dataset[s.dataset.kpFilter] || "").split(" ");
          if (s.value && tags.indexOf(s.value) < 0) ok = false;
        });
        p.hidden = !ok;
        if (ok) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
      if (count) count.textContent = shown + " / " + packs.length;
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState !== "loading") {
    setup();
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
