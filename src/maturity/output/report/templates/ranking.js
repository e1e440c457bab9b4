(function () {
  "use strict";
  var table = document.querySelector("table.ranking");
  var box = document.getElementById("filter-box");
  if (!table || !box) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var lang = document.documentElement.lang;
  box.hidden = false;
  function filter() {
    var words = input.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var hit = !words || row.getAttribute("data-name").indexOf(words) >= 0;
      row.hidden = !hit;
      if (hit) { count += 1; }
    });
    shown.textContent = count.toLocaleString(lang);
  }
  input.addEventListener("input", filter);
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) {  // typed into the landing page's search
    input.value = given;
    filter();
  }
  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-v");
    if (value === null) { return cell.textContent.toLowerCase(); }
    return value === "" ? null : parseFloat(value);
  }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (head, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (head.firstChild) { button.appendChild(head.firstChild); }
    head.appendChild(button);
    button.addEventListener("click", function () {
      // a second click turns the order round; the first sorts scores and sizes highest first
      var now = head.getAttribute("aria-sort");
      var descending = now ? now === "ascending" : head.getAttribute("data-first") === "descending";
      Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, column);
        var y = key(b, column);
        if (x === y) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var order = x < y ? -1 : 1;
        return descending ? -order : order;
      });
      var fragment = document.createDocumentFragment();
      sorted.forEach(function (row) { fragment.appendChild(row); });
      body.appendChild(fragment);
    });
  });
}());
