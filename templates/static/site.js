// Progressive enhancement only: every page works without this script.

// Glossary terms in a report: the first use of each term links to its entry and is described
// (aria-describedby) by its definition, given once in the page, hidden. This shows that
// definition beside the link, inside the window: on hover (and while the pointer is over it),
// on keyboard focus, and on a first tap on touch screens (a second tap follows the link).
// Escape closes it. A link with data-tip (a compact rating in the matrix, whose name screen
// readers have already) shows that word the same way.
(function () {
  "use strict";
  var popup = null, current = null, hiding = 0;
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;

  function tipOf(term) {
    var id = term.getAttribute("aria-describedby");
    var definition = id ? document.getElementById(id) : null;
    return definition ? definition.textContent : term.getAttribute("data-tip");
  }

  function show(term) {
    var tip = tipOf(term);
    if (!tip) return;
    clearTimeout(hiding);
    if (!popup) {
      popup = document.createElement("div");
      popup.className = "term-popup";
      popup.setAttribute("aria-hidden", "true");  // screen readers have it as the description
      popup.addEventListener("mouseenter", function () { clearTimeout(hiding); });
      popup.addEventListener("mouseleave", hideSoon);
      document.body.appendChild(popup);
    }
    popup.textContent = tip;
    popup.hidden = false;
    current = term;
    place(term);
  }

  function place(term) {
    var margin = 8, gap = 6;
    var width = document.documentElement.clientWidth;
    var height = document.documentElement.clientHeight;
    var link = term.getClientRects()[0] || term.getBoundingClientRect();
    popup.style.maxWidth = Math.min(360, width - 2 * margin) + "px";
    var box = popup.getBoundingClientRect();
    var left = Math.max(margin, Math.min(link.left, width - box.width - margin));
    var top = link.bottom + gap;
    if (top + box.height > height - margin && link.top - gap - box.height >= margin) {
      top = link.top - gap - box.height;  // no room below: above the term
    }
    popup.style.left = (left + window.scrollX) + "px";
    popup.style.top = (top + window.scrollY) + "px";
  }

  function hide() {
    clearTimeout(hiding);
    if (popup) popup.hidden = true;
    current = null;
  }

  function hideSoon() {
    clearTimeout(hiding);
    hiding = setTimeout(hide, 300);  // time to move the pointer onto the definition
  }

  function termOf(target) {
    return target && target.closest ? target.closest("a.term[aria-describedby], a[data-tip]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term && !touch && term !== current) show(term);
    else if (term) clearTimeout(hiding);
  });
  document.addEventListener("mouseout", function (event) {
    var term = termOf(event.target);
    if (term && term === current && !term.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    // Keyboard focus; a tap's focus is left to the click that follows it.
    if (term && term.matches(":focus-visible")) show(term);
    else if (!term && current) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target) === current) hide();
  });
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (touch && term && term !== current) {
      event.preventDefault();  // the first tap shows the definition
      show(term);
    } else if (!term && current && !(popup && popup.contains(event.target))) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) hide();
  });
  window.addEventListener("resize", function () { if (current) place(current); });
})();

// A page printed says where it is: built without a base URL, the address it was read at.
(function () {
  "use strict";
  var address = document.querySelector(".print-address[data-from-location]");
  if (address) address.textContent = location.href.split("#")[0];
})();

// A table wider than its frame scrolls sideways within it: say so above it, for as long as
// it does (the frame's shadow at the edge shows it too, without this script).
(function () {
  "use strict";
  var frames = document.querySelectorAll(".table-wrap");
  if (!frames.length || !window.ResizeObserver) return;
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var frame = entry.target;
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      var hint = frame.querySelector(":scope > .table-hint");
      frame.classList.toggle("table-wrap--scrolls", scrolls);
      if (scrolls && !hint) {
        hint = document.createElement("p");
        hint.className = "table-hint";
        hint.textContent = "Scroll sideways to see the whole table.";
        frame.insertBefore(hint, frame.firstChild);
      } else if (!scrolls && hint) {
        hint.remove();
      }
    });
  });
  frames.forEach(function (frame) { observer.observe(frame); });
})();

// Search (the /search/ page): Pagefind's index, built with the site, queried in the browser.
// The page's form works without this script; with it, results appear on the page.
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  if (!form || !list || !status) return;

  function say(text) { status.textContent = text; }

  if (location.protocol === "file:") {
    say("Search cannot run on pages opened from disk: it needs the site to be served over the web. " +
        "Every other page works; browse the inspections list or the glossary instead.");
    return;
  }

  var root = new URL(list.getAttribute("data-site-root"), location.href);
  var ready = null;
  function pagefind() {
    if (!ready) {
      var bundle = new URL("pagefind/", root);
      ready = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () {
          // A large site's index comes in parts; merged, they search as one.
          return fetch(new URL("parts.json", bundle)).then(function (response) {
            return response.ok ? response.json() : [];
          }).catch(function () { return []; });
        }).then(function (parts) {
          return Promise.all(parts.map(function (part) {
            return module.mergeIndex(new URL(part, bundle).href, { baseUrl: root.pathname });
          }));
        }).then(function () { return module; });
      });
    }
    return ready;
  }

  // Pagefind's excerpts mark matches with <mark>; copy only text and marks into the page.
  function excerpt(html) {
    var fragment = document.createDocumentFragment();
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var sections = (result.sub_results || []).filter(function (s) { return s.url !== result.url; });
    var best = sections.length ? sections[0] : result;
    var p = document.createElement("p");
    p.appendChild(excerpt(best.excerpt || result.excerpt || ""));
    li.appendChild(p);
    if (sections.length) {
      var where = document.createElement("ul");
      where.className = "search-result__sections";
      sections.slice(0, 3).forEach(function (section) {
        var sli = document.createElement("li");
        var a = document.createElement("a");
        a.href = section.url;
        a.textContent = section.title;
        sli.appendChild(a);
        where.appendChild(sli);
      });
      li.appendChild(where);
    }
    return li;
  }

  function run() {
    var query = form.elements.q.value.trim();
    var filters = {};
    form.querySelectorAll("[data-filter]").forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    list.textContent = "";
    if (!query && !Object.keys(filters).length) { say(""); return; }
    say("Searching…");
    pagefind().then(function (engine) {
      return engine.search(query || null, { filters: filters });
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 25).map(function (r) { return r.data(); }))
        .then(function (results) {
          results.forEach(function (result) { list.appendChild(item(result)); });
          var n = search.results.length;
          say(n === 0 ? "No results." : n + (n === 1 ? " result" : " results") +
              (n > 25 ? "; showing the first 25." : "."));
        });
    }).catch(function () {
      say("Search is not available here: its index was not found. Browse the inspections list or the glossary instead.");
    });
  }

  var params = new URLSearchParams(location.search);
  form.elements.q.value = params.get("q") || "";
  form.querySelectorAll("[data-filter]").forEach(function (select) {
    select.value = params.get(select.name) || "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var next = new URLSearchParams(new FormData(form));
    Array.from(next.keys()).forEach(function (key) { if (!next.get(key)) next.delete(key); });
    history.replaceState(null, "", "?" + next.toString());
    run();
  });
  run();
})();
