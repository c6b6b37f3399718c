// tallywatch review page: a hover label for chart points.  No markup is built from
// data: the label text goes in with textContent.
(function () {
  "use strict";
  function setup() {
    var tip = document.getElementById("tooltip");
    if (!tip) { return; }
    function show(event) {
      var point = event.target;
      tip.textContent = point.getAttribute("data-label") || "";
      tip.hidden = false;
      var box = point.getBoundingClientRect();
      tip.style.left = (window.scrollX + box.right + 8) + "px";
      tip.style.top = (window.scrollY + box.top - 6) + "px";
    }
    function hide() { tip.hidden = true; }
    var points = document.querySelectorAll("svg.timeline .point");
    for (var i = 0; i < points.length; i++) {
      points[i].addEventListener("mouseenter", show);
      points[i].addEventListener("mouseleave", hide);
      points[i].parentNode.addEventListener("focus", function (e) { show({ target: e.currentTarget.firstElementChild }); });
      points[i].parentNode.addEventListener("blur", hide);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
