(function () {
  "use strict";
  // The offline form: built from the questionnaire's data below this script, routed by the same
  // conditions as maturity itself (maturity/routing.py: decide), kept in the browser as it is filled
  // in, saved as an answers file (YAML) that maturity report, score and assess --resume read.
  var data = JSON.parse(document.getElementById("questionnaire").textContent);
  var root = document.getElementById("form");
  var storeKey = "maturity-form:" + data.id + ":" + data.version;
  var state = load() || fresh();
  var NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

  function fresh() {
    return { lang: data.lang, municipality: {}, profile: {}, answers: {} };
  }

  function load() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      if (kept && kept.answers && kept.profile && kept.municipality) { return kept; }
    } catch (ignore) { /* no storage (private window): the form works, it only forgets */ }
    return null;
  }

  function keep() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (ignore) { /* see load */ }
  }

  function w(key) {
    var text = data.words[key];
    return text ? (text[state.lang] || text.de) : key;
  }

  function tr(text) {
    if (!text) { return ""; }
    return text[state.lang] || text[data.languages[0]] || "";
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // --- routing: the meaning of a condition, as maturity/routing.py decide() has it -----------------

  function number(text) {
    if (typeof text === "number") { return text; }
    if (typeof text !== "string") { return null; }
    var plain = text.trim().replace(/\s/g, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(plain)) { plain = plain.replace(/\./g, ""); }  // 4.200 inhabitants
    if (!NUMBER.test(plain)) { return null; }
    return parseFloat(plain.replace(",", "."));
  }

  function facts() {
    var known = {};
    Object.keys(state.profile).forEach(function (id) {
      var value = state.profile[id];
      if (value === "" || value === null || value === undefined) { return; }
      var question = data.profile.filter(function (p) { return p.id === id; })[0];
      if (question && question.type === "number") {
        var parsed = number(value);
        known[id] = parsed === null ? String(value) : parsed;  // text where a number is expected
      } else {
        known[id] = value;
      }
    });
    var population = number(state.municipality.population || "");
    if (population !== null) { known.population = population; }
    var ags = (state.municipality.ags || "").trim();
    var land = state.municipality.state || (/^\d{8}$/.test(ags) ? data.agsLand[ags.slice(0, 2)] || "" : "");
    if (land) { known.state = land; }
    return known;
  }

  function decide(condition, value) {
    if (value === undefined || value === null) { return true; }
    if (condition.options) { return condition.options.indexOf(String(value)) >= 0; }
    if (typeof value === "string") { return true; }
    return (condition.low === null || condition.low <= value) && (condition.high === null || value < condition.high);
  }

  function holds(routing, known) {
    return routing.every(function (condition) { return decide(condition, known[condition.key]); });
  }

  // --- the fields --------------------------------------------------------------------------------

  function answerOf(id) {
    if (!state.answers[id]) { state.answers[id] = { kind: "", value: null, comment: "", evidence: "" }; }
    return state.answers[id];
  }

  function changed() {
    keep();
    route();
  }

  function radios(name, choices, current, onPick, describedBy) {
    return choices.map(function (choice) {
      var id = name + "--" + choice.id;
      var input = el("input", { type: "radio", name: name, id: id, value: choice.id, "aria-describedby": describedBy });
      input.checked = current === choice.id;
      input.addEventListener("change", function () { onPick(choice.id); });
      return el("div", { "class": "choice", "data-option": choice.id }, [input, el("label", { "for": id, text: choice.label })]);
    });
  }

  function reserved(question) {
    var extra = [{ id: "unknown", label: w("unknown") }];
    if (question.allowNa) { extra.push({ id: "na", label: w("na") }); }
    return extra;
  }

  function questionField(question) {
    var answer = answerOf(question.id);
    var help = "h-" + question.id;
    var parts = [el("legend", { text: tr(question.text) })];
    var notes = [];
    if (question.help) { notes.push(el("span", { text: tr(question.help) })); }
    if (question.answeredBy) { notes.push(el("span", { "class": "who", text: w("answeredBy") + ": " + tr(question.answeredBy) })); }
    if (question.unit) { notes.push(el("span", { text: w("unit") + ": " + tr(question.unit) })); }
    parts.push(el("p", { "class": "help", id: help }, notes));
    if (question.type === "choice" || question.type === "yesno") {
      var options = question.type === "yesno"
        ? [{ id: "yes", label: w("yes") }, { id: "no", label: w("no") }]
        : question.options.map(function (o) { return { id: o.id, label: tr(o.label) }; });
      var current = answer.kind === "value" ? answer.value : answer.kind;
      radios("q-" + question.id, options.concat(reserved(question)), current, function (picked) {
        if (picked === "unknown" || picked === "na") { answer.kind = picked; answer.value = null; } else { answer.kind = "value"; answer.value = picked; }
        changed();
      }, help).forEach(function (node) { parts.push(node); });
    } else if (question.type === "multi") {
      var picked = answer.kind === "value" && Array.isArray(answer.value) ? answer.value : [];
      var boxes = [];
      question.options.concat(reserved(question).map(function (r) { return { id: r.id, label: null, special: r.label, exclusive: true }; }))
        .forEach(function (option) {
          var id = "q-" + question.id + "--" + option.id;
          var input = el("input", { type: "checkbox", id: id, value: option.id, "aria-describedby": help });
          input.checked = option.special ? answer.kind === option.id : picked.indexOf(option.id) >= 0;
          input.addEventListener("change", function () {
            if (input.checked && option.exclusive) {
              boxes.forEach(function (other) { if (other !== input) { other.checked = false; } });
            } else if (input.checked) {
              boxes.forEach(function (other) {
                var alone = question.options.concat([{ id: "unknown", exclusive: true }, { id: "na", exclusive: true }])
                  .filter(function (o) { return o.id === other.value; })[0];
                if (other !== input && alone && alone.exclusive) { other.checked = false; }
              });
            }
            var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
            if (chosen.length === 1 && (chosen[0] === "unknown" || chosen[0] === "na")) {
              answer.kind = chosen[0]; answer.value = null;
            } else if (chosen.length) {
              answer.kind = "value"; answer.value = chosen;
            } else {
              answer.kind = ""; answer.value = null;
            }
            changed();
          });
          boxes.push(input);
          parts.push(el("div", { "class": "choice" + (option.special ? " special" : ""), "data-option": option.id },
            [input, el("label", { "for": id, text: option.special || tr(option.label) })]));
        });
    } else if (question.type === "number" || question.type === "percent") {
      var field = "q-" + question.id;
      var error = "e-" + question.id;
      var input = el("input", { type: "text", inputmode: "decimal", id: field, autocomplete: "off", "aria-describedby": help + " " + error });
      input.value = answer.kind === "value" && answer.value !== null ? String(answer.value) : "";
      var message = el("p", { "class": "error", id: error, "aria-live": "polite" });
      var statusBox = el("div", { "class": "status" });
      var check = function () {
        var problem = numberProblem(question, input.value);
        message.textContent = problem;
        input.setAttribute("aria-invalid", problem ? "true" : "false");
      };
      input.addEventListener("input", function () {
        if (input.value.trim()) {
          answer.kind = "value"; answer.value = input.value.trim();
          statusBox.querySelectorAll("input").forEach(function (r) { r.checked = false; });
        } else if (answer.kind === "value") {
          answer.kind = ""; answer.value = null;
        }
        check();
        changed();
      });
      parts.push(el("div", { "class": "number" }, [el("label", { "for": field, text: w("figure") + (question.unit ? " (" + tr(question.unit) + ")" : "") }), input]));
      parts.push(message);
      radios("s-" + question.id, reserved(question), answer.kind === "value" ? "" : answer.kind, function (picked) {
        answer.kind = picked; answer.value = null; input.value = ""; check(); changed();
      }, help).forEach(function (node) { statusBox.appendChild(node); });
      parts.push(el("p", { "class": "status-title", text: w("noFigure") }));
      parts.push(statusBox);
      check();
    } else {
      var area = el("textarea", { id: "q-" + question.id, rows: "3", "aria-describedby": help });
      area.value = answer.kind === "value" && answer.value ? answer.value : "";
      area.addEventListener("input", function () {
        answer.kind = area.value.trim() ? "value" : ""; answer.value = area.value.trim() ? area.value : null; changed();
      });
      parts.push(el("label", { "class": "visually-hidden", "for": "q-" + question.id, text: tr(question.text) }));
      parts.push(area);
    }
    if (question.type !== "text") {
      var comment = el("textarea", { id: "c-" + question.id, rows: "2" });
      comment.value = answer.comment || "";
      comment.addEventListener("input", function () { answer.comment = comment.value; keep(); });
      var evidence = el("input", { type: "text", id: "v-" + question.id });
      evidence.value = answer.evidence || "";
      evidence.addEventListener("input", function () { answer.evidence = evidence.value; keep(); });
      var more = el("details", { open: answer.comment || answer.evidence ? true : null }, [
        el("summary", { text: w("commentEvidence") }),
        el("label", { "for": "c-" + question.id, text: w("comment") }), comment,
        el("label", { "for": "v-" + question.id, text: w("evidence") }), evidence
      ]);
      parts.push(more);
    }
    return el("fieldset", { "class": "question", id: "f-" + question.id, "data-question": question.id }, parts);
  }

  function numberProblem(question, text) {
    if (!text.trim()) { return ""; }
    var value = number(text);
    if (value === null) { return w("notANumber"); }
    if ((question.min !== null && value < question.min) || (question.max !== null && value > question.max)) {
      return w("range").replace("{low}", format(question.min)).replace("{high}", format(question.max));
    }
    return "";
  }

  function format(value) {
    if (value === null || value === undefined) { return "–"; }
    return state.lang === "de" ? String(value).replace(".", ",") : String(value);
  }

  function textInput(key, label, hint, attrs) {
    var id = "m-" + key;
    var input = el("input", Object.assign({ type: "text", id: id, autocomplete: "off", "aria-describedby": hint ? id + "-h" : null }, attrs || {}));
    input.value = state.municipality[key] || "";
    input.addEventListener("input", function () { state.municipality[key] = input.value; changed(); });
    return el("div", { "class": "field" }, [el("label", { "for": id, text: label }), input, hint ? el("p", { "class": "help", id: id + "-h", text: hint }) : null]);
  }

  function municipalitySection() {
    var select = el("select", { id: "m-state" }, [el("option", { value: "", text: w("stateFromAgs") })].concat(
      data.states.map(function (pair) { return el("option", { value: pair[0], text: pair[1] }); })));
    select.value = state.municipality.state || "";
    select.addEventListener("change", function () { state.municipality.state = select.value; changed(); });
    return el("section", { id: "kommune", "aria-labelledby": "kommune-h" }, [
      el("h2", { id: "kommune-h", text: w("municipality") }),
      textInput("name", w("name")),
      textInput("ags", w("ags"), w("agsHint"), { inputmode: "numeric", maxlength: "8" }),
      textInput("population", w("population"), null, { inputmode: "numeric" }),
      el("div", { "class": "field" }, [el("label", { "for": "m-state", text: w("state") }), select]),
      textInput("assessed_on", w("assessedOn"), w("assessedOnHint"), { type: "date" }),
      textInput("assessor", w("assessor"))
    ]);
  }

  function profileSection() {
    if (!data.profile.length) { return null; }
    var parts = [el("h2", { id: "profil-h", text: w("profile") }), el("p", { text: w("profileIntro") })];
    data.profile.forEach(function (question) {
      var name = "p-" + question.id;
      var fields = [el("legend", { text: tr(question.text) })];
      if (question.help) { fields.push(el("p", { "class": "help", id: name + "-h", text: tr(question.help) })); }
      if (question.type === "number") {
        var input = el("input", { type: "text", inputmode: "decimal", id: name, "aria-label": tr(question.text) });
        input.value = state.profile[question.id] || "";
        input.addEventListener("input", function () { state.profile[question.id] = input.value.trim(); changed(); });
        fields.push(input);
      } else {
        var options = question.type === "yesno"
          ? [{ id: "yes", label: w("yes") }, { id: "no", label: w("no") }]
          : question.options.map(function (o) { return { id: o.id, label: tr(o.label) }; });
        options.push({ id: "", label: w("noAnswer") });
        radios(name, options, state.profile[question.id] || "", function (picked) {
          state.profile[question.id] = picked; changed();
        }, question.help ? name + "-h" : null).forEach(function (node) { fields.push(node); });
      }
      parts.push(el("fieldset", { "class": "question profile", id: "f-" + question.id }, fields));
    });
    return el("section", { id: "profil", "aria-labelledby": "profil-h" }, parts);
  }

  // --- routing the page, and progress ------------------------------------------------------------

  function applying() {
    var known = facts();
    var shown = {};
    data.areas.forEach(function (area) {
      area.questions.forEach(function (question) {
        if (!holds(question.appliesIf, known)) { return; }
        var options = {};
        question.options.forEach(function (o) { options[o.id] = holds(o.appliesIf, known); });
        if (question.type === "multi" && !question.options.every(function (o) { return options[o.id]; })) {
          // as maturity/routing.py routed(): asked only while the options left can give points
          var left = question.options.reduce(function (sum, o) { return sum + (options[o.id] ? o.points : 0); }, 0);
          if (Math.min(question.maxPoints, left) <= 0) { return; }
        }
        shown[question.id] = options;
      });
    });
    return shown;
  }

  function answered(question, options) {
    var answer = state.answers[question.id];
    if (!answer || !answer.kind) { return false; }
    if (answer.kind !== "value") { return answer.kind !== "na" || question.allowNa; }
    if (question.type === "multi") { return answer.value.some(function (id) { return options[id]; }); }
    if (question.type === "number" || question.type === "percent") { return !numberProblem(question, String(answer.value)); }
    return true;
  }

  function route() {
    var shown = applying();
    var total = 0;
    var done = 0;
    data.areas.forEach(function (area) {
      var count = 0;
      var filled = 0;
      area.questions.forEach(function (question) {
        var node = document.getElementById("f-" + question.id);
        var options = shown[question.id];
        node.hidden = !options;
        node.disabled = !options;
        if (!options) { return; }
        count += 1;
        node.querySelectorAll("[data-option]").forEach(function (choice) {
          var id = choice.getAttribute("data-option");
          var hide = options.hasOwnProperty(id) && !options[id];
          choice.hidden = hide;
          choice.querySelector("input").disabled = hide;
        });
        if (answered(question, options)) { filled += 1; }
      });
      total += count;
      done += filled;
      var section = document.getElementById("a-" + area.id);
      section.querySelector(".not-asked").hidden = count > 0;
      section.querySelector(".area-progress").textContent = count ? w("areaProgress").replace("{done}", filled).replace("{count}", count) : "";
      var link = document.getElementById("toc-" + area.id);
      link.textContent = tr(area.name) + (count ? " (" + filled + "/" + count + ")" : " – " + w("notAskedShort"));
    });
    var bar = document.getElementById("progress");
    bar.max = Math.max(total, 1);
    bar.value = done;
    document.getElementById("progress-text").textContent = w("progress").replace("{done}", done).replace("{count}", total);
  }

  // --- the answers file --------------------------------------------------------------------------

  function quoted(text) {
    return JSON.stringify(String(text)).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function labelOf(question, id) {
    var option = question.options.filter(function (o) { return o.id === id; })[0];
    var label = option ? tr(option.label).replace(/\s+/g, " ") : "";
    return label && label.toLowerCase() !== id.toLowerCase() ? "  # " + label : "";
  }

  function yaml() {
    var shown = applying();
    var skipped = [];
    var m = state.municipality;
    var lines = ["# " + data.id + " " + data.version + ": " + w("fileHeader"),
      "questionnaire: " + quoted(data.id), "questionnaire_version: " + quoted(data.version), "municipality:"];
    if ((m.name || "").trim()) { lines.push("  name: " + quoted(m.name.trim())); }
    if ((m.ags || "").trim()) { lines.push("  ags: " + quoted(m.ags.trim())); }
    var population = number(m.population || "");
    if (population !== null) { lines.push("  population: " + population); } else if ((m.population || "").trim()) { skipped.push(w("population")); }
    if (m.state) { lines.push("  state: " + quoted(m.state)); }
    if (lines[lines.length - 1] === "municipality:") { lines[lines.length - 1] = "municipality: {}"; }
    if (/^\d{4}-\d{2}-\d{2}$/.test(m.assessed_on || "")) { lines.push("assessed_on: " + m.assessed_on); }
    if ((m.assessor || "").trim()) { lines.push("assessor: " + quoted(m.assessor.trim())); }
    var profile = data.profile.filter(function (p) { return state.profile[p.id]; });
    if (profile.length) {
      lines.push("profile:");
      profile.forEach(function (p) {
        var value = state.profile[p.id];
        if (p.type === "number") {
          var parsed = number(value);
          if (parsed === null) { skipped.push(tr(p.text)); return; }
          lines.push("  " + p.id + ": " + parsed);
        } else if (p.type === "yesno") {
          lines.push("  " + p.id + ": " + quoted(state.lang === "de" ? (value === "yes" ? "ja" : "nein") : value));
        } else {
          lines.push("  " + p.id + ": " + quoted(value) + labelOf(p, value));
        }
      });
    }
    lines.push("answers:");
    var count = 0;
    data.areas.forEach(function (area) {
      area.questions.forEach(function (question) {
        var answer = state.answers[question.id];
        var options = shown[question.id];
        if (!answer || !options) { return; }
        var value = null;
        var items = null;
        if (answer.kind === "unknown" || (answer.kind === "na" && question.allowNa)) {
          value = answer.kind;
        } else if (answer.kind === "value") {
          if (question.type === "multi") {
            items = answer.value.filter(function (id) { return options[id]; });
            if (!items.length) { items = null; }
          } else if (question.type === "number" || question.type === "percent") {
            if (numberProblem(question, String(answer.value))) { skipped.push(tr(question.text)); } else { value = String(number(answer.value)); }
          } else if (question.type === "yesno") {
            value = quoted(state.lang === "de" ? (answer.value === "yes" ? "ja" : "nein") : answer.value);
          } else if (question.type === "choice") {
            value = quoted(answer.value) + labelOf(question, answer.value);
          } else {
            value = quoted(answer.value);
          }
        }
        var comment = (answer.comment || "").trim();
        var evidence = (answer.evidence || "").trim();
        if (value === null && items === null && !comment && !evidence) { return; }
        count += 1;
        var itemLines = function (indent) {
          return items.map(function (id) { return indent + "- " + quoted(id) + labelOf(question, id); });
        };
        if (!comment && !evidence) {
          if (items) { lines.push("  " + question.id + ":"); lines.push.apply(lines, itemLines("    ")); } else { lines.push("  " + question.id + ": " + value); }
          return;
        }
        lines.push("  " + question.id + ":");
        if (items) { lines.push("    answer:"); lines.push.apply(lines, itemLines("      ")); } else if (value !== null) { lines.push("    answer: " + value); }
        if (comment) { lines.push("    comment: " + quoted(comment)); }
        if (evidence) { lines.push("    evidence: " + quoted(evidence)); }
      });
    });
    if (!count) { lines[lines.length - 1] = "answers: {}"; }
    return { text: lines.join("\n") + "\n", skipped: skipped };
  }

  function slug(text) {
    return (text || "").toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  }

  function save() {
    var made = yaml();
    var blob = new Blob([made.text], { type: "application/x-yaml;charset=utf-8" });
    var link = el("a", { href: URL.createObjectURL(blob), download: (slug(state.municipality.name) || data.id) + "-" + w("fileWord") + ".yaml" });
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    say(made.skipped.length ? w("savedSkipped").replace("{list}", made.skipped.join("; ")) : w("saved"));
  }

  function say(text) {
    document.getElementById("notice").textContent = text;
  }

  // a reader for the answers files maturity writes (this form, assess, template): mappings by
  // indentation, block and flow lists, plain, single- and double-quoted scalars (also over several
  // lines, as PyYAML folds long texts), comments
  function closingQuote(value) {
    var quote = value.charAt(0);
    var at = 1;
    while (at < value.length) {
      var c = value.charAt(at);
      if (quote === "\"" && c === "\\") { at += 2; continue; }
      if (c === quote) {
        if (quote === "'" && value.charAt(at + 1) === "'") { at += 2; continue; }
        return at;
      }
      at += 1;
    }
    return -1;
  }

  function unfinished(raw) {
    var value = raw.trim();
    return (value.charAt(0) === "\"" || value.charAt(0) === "'") && closingQuote(value) < 0;
  }

  function scalar(text) {
    var value = text.trim();
    if (value.charAt(0) === "\"") {
      var body = value.slice(0, closingQuote(value) + 1)
        .replace(/\\\n\s*/g, "")            // an escaped line break: the lines join
        .replace(/[ \t]*\n[ \t]*/g, " ")      // a folded line break: a space
        .replace(/\\(x[0-9a-fA-F]{2}|[\s\S])/g, function (all, escaped) {  // YAML's escapes beyond JSON's
          if (escaped.charAt(0) === "x") { return "\\u00" + escaped.slice(1); }
          return { e: "\\u001b", "0": "\\u0000", N: "\\u0085", _: "\\u00a0", " ": " " }[escaped] || all;
        });
      return JSON.parse(body);
    }
    if (value.charAt(0) === "'") {
      return value.slice(1, closingQuote(value)).replace(/''/g, "'");
    }
    var hash = value.search(/\s#/);
    if (hash >= 0) { value = value.slice(0, hash).trim(); }
    if (value.charAt(0) === "[") {
      var inner = value.slice(1, value.lastIndexOf("]")).trim();
      return inner ? inner.split(",").map(function (item) { return scalar(item); }) : [];
    }
    if (value === "{}") { return {}; }
    if (/^-?\d+(\.\d+)?$/.test(value)) { return parseFloat(value); }
    if (value === "" || value === "null" || value === "~") { return null; }
    return value;
  }

  function parseYaml(text) {
    var top = {};
    var stack = [{ indent: -1, node: top }];
    var open = null;  // the last scalar, which the next lines may continue
    text.split(/\r\n|\r|\n/).forEach(function (raw, index) {
      var indent = raw.length - raw.replace(/^ +/, "").length;
      var line = raw.trim();
      if (open && (unfinished(open.raw) || (line && indent > open.indent && !/^[^\s#'"][^:#]*:(\s|$)/.test(line) && line.charAt(0) !== "-" && line.charAt(0) !== "#"))) {
        open.raw += unfinished(open.raw) ? "\n" + line : " " + line;
        open.node[open.key] = scalar(unfinished(open.raw) ? open.raw + "\"" : open.raw);
        return;
      }
      open = null;
      if (!line || line.charAt(0) === "#") { return; }
      var dash = line === "-" || line.slice(0, 2) === "- ";
      while (stack.length > 1) {
        var last = stack[stack.length - 1];
        if (indent > last.indent) { break; }
        var empty = Array.isArray(last.node) || !Object.keys(last.node).length;
        if (dash && indent === last.indent && empty) { break; }
        stack.pop();
      }
      var frame = stack[stack.length - 1];
      if (dash) {
        if (!Array.isArray(frame.node)) {
          if (frame.key === undefined || Object.keys(frame.node).length) { throw new Error(String(index + 1)); }
          frame.node = [];
          frame.parent[frame.key] = frame.node;
        }
        frame.node.push(scalar(line.slice(1)));
        open = { node: frame.node, key: frame.node.length - 1, raw: line.slice(1), indent: indent };
        return;
      }
      var colon = line.search(/:(\s|$)/);
      if (colon < 0 || Array.isArray(frame.node)) { throw new Error(String(index + 1)); }
      var key = String(scalar(line.slice(0, colon)));
      var rest = line.slice(colon + 1).trim();
      if (!rest || rest.charAt(0) === "#") {
        var child = {};
        frame.node[key] = child;
        stack.push({ indent: indent, node: child, parent: frame.node, key: key });
        return;
      }
      frame.node[key] = scalar(rest);
      open = { node: frame.node, key: key, raw: rest, indent: indent };
    });
    return top;
  }

  function take(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var read;
      try { read = parseYaml(String(reader.result)); } catch (problem) {
        say(w("loadFailed").replace("{line}", problem.message)); return;
      }
      if (read.questionnaire !== data.id) { say(w("otherQuestionnaire").replace("{id}", String(read.questionnaire || "?"))); return; }
      var next = fresh();
      next.lang = state.lang;
      var m = read.municipality || {};
      ["name", "ags", "population", "state", "assessor"].forEach(function (key) {
        if (m[key] !== undefined && m[key] !== null) { next.municipality[key] = String(m[key]); }
      });
      if (read.assessor) { next.municipality.assessor = String(read.assessor); }
      if (read.assessed_on) { next.municipality.assessed_on = String(read.assessed_on); }
      Object.keys(read.profile || {}).forEach(function (id) {
        var value = String(read.profile[id]).toLowerCase();
        next.profile[id] = { ja: "yes", nein: "no", "true": "yes", "false": "no" }[value] || String(read.profile[id]);
      });
      Object.keys(read.answers || {}).forEach(function (id) {
        var given = read.answers[id];
        var detail = given !== null && typeof given === "object" && !Array.isArray(given) ? given : { answer: given };
        var value = detail.answer;
        var entry = { kind: "", value: null, comment: detail.comment ? String(detail.comment) : "", evidence: detail.evidence ? String(detail.evidence) : "" };
        if (value === "unknown" || value === "na") { entry.kind = value; } else if (Array.isArray(value)) { entry.kind = "value"; entry.value = value.map(String); } else if (value !== null && value !== undefined && value !== "") {
          entry.kind = "value";
          var lower = String(value).toLowerCase();
          entry.value = { ja: "yes", nein: "no" }[lower] && isYesNo(id) ? { ja: "yes", nein: "no" }[lower] : String(value);
        }
        next.answers[id] = entry;
      });
      state = next;
      keep();
      build();
      say(w("loaded"));
    };
    reader.readAsText(file, "utf-8");
  }

  function isYesNo(id) {
    return data.areas.some(function (area) { return area.questions.some(function (q) { return q.id === id && q.type === "yesno"; }); });
  }

  // --- the page ----------------------------------------------------------------------------------

  function build() {
    document.documentElement.lang = state.lang;
    document.title = tr(data.title);
    root.textContent = "";
    var languages = el("p", { "class": "languages", role: "group", "aria-label": w("language") }, data.languages.map(function (lang) {
      var button = el("button", { type: "button", lang: lang, "aria-pressed": String(lang === state.lang), text: lang === "de" ? "Deutsch" : "English" });
      button.addEventListener("click", function () { state.lang = lang; keep(); build(); });
      return button;
    }));
    var saveButton = el("button", { type: "button", id: "save", text: w("save") });
    saveButton.addEventListener("click", save);
    var file = el("input", { type: "file", id: "load", accept: ".yaml,.yml,text/yaml,application/x-yaml" });
    file.addEventListener("change", function () { if (file.files && file.files[0]) { take(file.files[0]); } });
    var tools = el("div", { "class": "tools" }, [saveButton, el("label", { "for": "load", "class": "file", text: w("load") }), file,
      el("p", { id: "notice", role: "status", "aria-live": "polite" })]);
    var progress = el("p", { "class": "progress" }, [el("progress", { id: "progress", "aria-labelledby": "progress-text" }), el("span", { id: "progress-text" })]);
    var toc = el("ol", {}, data.areas.map(function (area) { return el("li", {}, [el("a", { href: "#a-" + area.id, id: "toc-" + area.id, text: tr(area.name) })]); }));
    var header = el("header", {}, [languages, el("h1", { text: tr(data.title) + " " + data.version }),
      el("p", { "class": "intro", text: tr(data.description) }), el("p", { "class": "intro", text: w("intro") }),
      tools, progress, el("nav", { "aria-label": w("contents") }, [el("h2", { text: w("contents") }), toc])]);
    var main = el("main", {}, [municipalitySection(), profileSection()].concat(data.areas.map(function (area) {
      return el("section", { "class": "area", id: "a-" + area.id, "aria-labelledby": "a-" + area.id + "-h" }, [
        el("h2", { id: "a-" + area.id + "-h", text: tr(area.name) }),
        el("p", { "class": "area-progress" }),
        area.description ? el("p", { "class": "help", text: tr(area.description) }) : null,
        el("p", { "class": "not-asked", text: w("notAsked") })
      ].concat(area.questions.map(questionField)));
    })).concat([el("p", { "class": "end", text: w("end") })]));
    root.appendChild(header);
    root.appendChild(main);
    route();
  }

  build();
}());
