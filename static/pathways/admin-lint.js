/* The medical-safety lint beside the markdownx preview (issue 16, part 4).
   As the editor types, the body is sent to the preview URL with lint=1; the
   answer is the lint's findings as JSON, listed above the preview. Errors
   there refuse the save, as load_content would. A static file: the security
   policy allows no inline script. */
(function () {
  "use strict";

  var KINDS = { glossaryterm: "term", crisisbox: "crisis" };
  var DELAY_MS = 400;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pageKind() {
    var config = document.getElementById("lint-config");
    if (config && config.dataset.kind) return { kind: config.dataset.kind, pk: config.dataset.pk || "" };
    var match = window.location.pathname.match(/\/admin\/pathways\/([a-z]+)\/(?:(\d+)\/)?/);
    var model = match ? match[1] : "article";
    return { kind: KINDS[model] || model, pk: (match && match[2]) || "" };
  }

  function render(panel, data) {
    var list = panel.querySelector("ul");
    var summary = panel.querySelector(".lint-summary");
    list.textContent = "";
    var findings = (data && data.findings) || [];
    if (!findings.length) {
      summary.textContent = "No safety findings.";
      panel.dataset.state = "clean";
      return;
    }
    var errors = data.errors || 0;
    var warnings = data.warnings || 0;
    summary.textContent =
      errors + " error" + (errors === 1 ? "" : "s") + ", " + warnings + " warning" +
      (warnings === 1 ? "" : "s") + (errors ? ". The page can't be saved with errors." : ".");
    panel.dataset.state = errors ? "errors" : "warnings";
    findings.forEach(function (f) {
      var item = el("li", "lint-finding lint-" + f.severity);
      item.dataset.rule = f.rule;
      var where = f.field && f.field !== "body" ? f.field + ", line " + f.line : "line " + f.line;
      item.appendChild(el("strong", "lint-severity", f.severity === "error" ? "Error" : "Warning"));
      item.appendChild(document.createTextNode(" " + where + ": "));
      item.appendChild(el("code", "lint-rule", f.rule));
      item.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(item);
    });
  }

  function init() {
    var textarea = document.querySelector("textarea#id_body");
    if (!textarea || textarea.dataset.lintReady) return;
    textarea.dataset.lintReady = "1";
    var url = textarea.getAttribute("data-markdownx-urls-path");
    var editor = textarea.closest(".markdownx");
    var preview = editor && editor.querySelector(".markdownx-preview");
    if (!url || !editor) return;

    var panel = el("section", "lint-panel");
    panel.id = "lint-panel";
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-label", "Safety check");
    panel.appendChild(el("h2", "lint-title", "Safety check"));
    panel.appendChild(el("p", "lint-summary", "Checking…"));
    panel.appendChild(el("ul", "lint-list"));
    if (preview) {
      var side = el("div", "lint-side");
      preview.parentNode.insertBefore(side, preview);
      side.appendChild(panel);
      side.appendChild(preview);
    } else {
      editor.appendChild(panel);
    }

    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var where = pageKind();
    var timer = null;
    var sent = 0;

    function check() {
      var body = new FormData();
      body.append("content", textarea.value);
      body.append("lint", "1");
      body.append("kind", where.kind);
      body.append("pk", where.pk);
      if (token) body.append("csrfmiddlewaretoken", token.value);
      var mine = ++sent;
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" }
      })
        .then(function (response) {
          if (!response.ok) throw new Error("lint " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine === sent) render(panel, data);
        })
        .catch(function () {
          panel.querySelector(".lint-summary").textContent =
            "The safety check could not run; it runs again when you save.";
        });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY_MS);
    });
    check();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
