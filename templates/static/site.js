// Progressive enhancement only: every page works without this script.
// On touch screens, the first tap on a glossary term shows its explanation;
// a second tap follows the link to the glossary.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) return;
  var open = null;
  document.addEventListener("click", function (event) {
    var term = event.target.closest ? event.target.closest("a.term") : null;
    if (open && open !== term) { open.classList.remove("term--open"); open = null; }
    if (!term) return;
    if (open !== term) {
      event.preventDefault();
      term.classList.add("term--open");
      open = term;
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { open.classList.remove("term--open"); open = null; }
  });
})();
