// A search box that narrows a long list as one types, without a request: <input data-filter="#LIST"
// data-filter-items=".ITEM" data-filter-groups=".GROUP"> hides the items whose text does not contain every word
// typed (accents and case ignored) and the groups left empty; a [data-filter-status] beside it counts what is shown.
// The box sits in a [hidden] wrapper that this script reveals: without script the whole list is simply shown.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.querySelector(input.dataset.filter);
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(input.dataset.filterItems));
    var groups = input.dataset.filterGroups ? list.querySelectorAll(input.dataset.filterGroups) : [];
    var texts = items.map(function (item) {
      var group = input.dataset.filterGroups ? item.closest(input.dataset.filterGroups) : null;
      var heading = group ? group.querySelector("h2") : null;
      return fold(item.textContent + " " + (heading ? heading.textContent : ""));
    });
    var wrapper = input.closest("[hidden]");
    var status = wrapper ? wrapper.querySelector("[data-filter-status]") : null;
    if (wrapper) wrapper.hidden = false;
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, index) {
        var match = words.every(function (word) { return texts[index].indexOf(word) >= 0; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(input.dataset.filterItems + ":not([hidden])");
      });
      if (status) status.textContent = words.length ? shown + " / " + items.length + " " + status.dataset.filterStatus : "";
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
  });
})();
