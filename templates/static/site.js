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
// The page's form works without this script; with it, results follow each change of the
// words or a filter, and the address holds the search (to share it, and to go back to it).
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var clear = document.querySelector("[data-search-clear]");
  if (!form || !list || !status) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
  var SHOWN = 25;

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
      // The index comes in parts (see reportsite/search.py); the first is primary, the
      // others are merged into it, and they search as one.
      var bundle = new URL("pagefind/", root);
      ready = Promise.all([
        import(new URL("pagefind.js", bundle).href),
        fetch(new URL("parts.json", bundle)).then(function (response) {
          if (!response.ok) throw new Error("no index");
          return response.json();
        })
      ]).then(function (loaded) {
        var module = loaded[0], parts = loaded[1];
        return module.options({ basePath: new URL(parts[0], bundle).href, baseUrl: root.pathname })
          .then(function () {
            return Promise.all(parts.slice(1).map(function (part) {
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

  // The passage (a part of the page under one heading) where the words weigh most.
  function bestPassage(result) {
    var best = null, bestWeight = -1;
    (result.sub_results || []).forEach(function (passage) {
      var weight = (passage.weighted_locations || []).reduce(function (sum, location) {
        return sum + location.weight;
      }, 0) || (passage.locations || []).length;
      if (weight > bestWeight) { best = passage; bestWeight = weight; }
    });
    return best;
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(result) {
    var meta = result.meta || {};
    var li = element("li", "search-result");
    var heading = element("h2", "search-result__title");
    var link = element("a", "", meta.title || result.url);
    link.href = result.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var facts = element("p", "search-result__meta");
    if (meta.provider) {
      facts.appendChild(element("span", "", meta.provider));
      if (meta.date) facts.appendChild(element("span", "", meta.date));
      if (meta.rating) {
        var rating = element("strong", "rating rating--small rating--" + (meta.rating_style || ""));
        rating.appendChild(element("span", "rating__word", meta.rating));
        facts.appendChild(rating);
      } else if (meta.framework) {
        facts.appendChild(element("span", "", meta.framework + ": no overall rating"));
      }
    } else {
      facts.appendChild(element("span", "", "Glossary"));
    }
    li.appendChild(facts);
    var passage = bestPassage(result);
    var text = element("p", "search-result__excerpt");
    text.appendChild(excerpt((passage && passage.excerpt) || result.excerpt || ""));
    li.appendChild(text);
    if (passage && passage.url !== result.url && passage.title) {
      var where = element("p", "search-result__where", "Found in ");
      var section = element("a", "", passage.title);
      section.href = passage.url;
      where.appendChild(section);
      li.appendChild(where);
    }
    return li;
  }

  function chosen() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    return filters;
  }

  var latest = 0;
  function run() {
    var query = form.elements.q.value.trim();
    var filters = chosen();
    var filtered = Object.keys(filters).length > 0;
    if (clear) clear.hidden = !filtered;
    var asked = ++latest;
    if (!query && !filtered) { list.textContent = ""; say(""); return; }
    say("Searching…");
    pagefind().then(function (engine) {
      return engine.search(query || null, { filters: filters });
    }).then(function (search) {
      return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (results) {
          if (asked !== latest) return;  // a newer search has started
          list.textContent = "";
          results.forEach(function (result) { list.appendChild(item(result)); });
          var n = search.results.length;
          say(n === 0 ? "No results." : n + (n === 1 ? " result" : " results") +
              (n > SHOWN ? "; showing the first " + SHOWN + "." : "."));
        });
    }).catch(function () {
      if (asked !== latest) return;
      list.textContent = "";
      say("Search is not available here: its index was not found. Browse the inspections list or the glossary instead.");
    });
  }

  // The address holds the words and the filters chosen: shared, it opens the same search.
  function address() {
    var params = new URLSearchParams();
    var query = form.elements.q.value.trim();
    if (query) params.set("q", query);
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    var text = params.toString();
    return location.pathname + (text ? "?" + text : "");
  }

  function remember(replace) {
    var next = address();
    if (next === location.pathname + location.search) return;
    if (replace) history.replaceState(null, "", next);
    else history.pushState(null, "", next);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    selects.forEach(function (select) { select.value = params.get(select.name) || ""; });
  }

  var typing = null;
  form.elements.q.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { remember(true); run(); }, 300);
  });
  selects.forEach(function (select) {
    select.addEventListener("change", function () { remember(false); run(); });
  });
  if (clear) {
    clear.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      remember(false);
      run();
      form.elements.q.focus();
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    remember(false);
    run();
  });
  window.addEventListener("popstate", function () { restore(); run(); });
  restore();
  run();
})();
