/* The Meridian Ledger: consent banner and comment loading. */
(function () {
  "use strict";
  var banner = document.getElementById("cookie-banner");
  if (banner) {
    if (localStorage.getItem("ledger-consent")) { banner.classList.add("hidden"); }
    banner.addEventListener("click", function (event) {
      var choice = event.target.getAttribute("data-consent");
      if (!choice) { return; }
      localStorage.setItem("ledger-consent", choice);
      banner.classList.add("hidden");
      if (window.ledgerTrack) { window.ledgerTrack("consent", {choice: choice}); }
    });
  }
  var comments = document.getElementById("comments");
  if (comments && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries, observer) {
      if (entries[0].isIntersecting) {
        comments.setAttribute("data-loaded", "true");
        observer.disconnect();
      }
    }).observe(comments);
  }
})();
